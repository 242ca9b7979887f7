-- “三公”经费: 公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费, for 预算数 and 决算数.
select * from dq_row_sum(
    ['three_public_expenses', 'budget_three_public'], 'vehicle', 'vehicle_purchase|vehicle_operation')

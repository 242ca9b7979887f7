-- “三公”经费: 合计 = 因公出国（境）费用 + 公务用车购置及运行维护费 + 公务接待费, for 预算数 and 决算数.
select * from dq_row_sum(['three_public_expenses', 'budget_three_public'], 'total', 'overseas|vehicle|reception')

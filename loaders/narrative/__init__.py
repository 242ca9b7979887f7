"""The report's narrative: parts, numbered sections, sentences and the figures they state.

Half of every 部门决算 is text (概况, 情况说明, 名词解释). ``read_narrative`` reads it from the printed
lines every reader gives (``DocumentText.lines``) into parts, sections and sentences with page and
line, and each stated figure into a statement: subject (resolved to table keys or a 功能分类 code),
measure, value, unit, comparison word and reason. The words it looks for are data
(``loaders/layouts/narrative_*.csv``), not code.
"""

from loaders.narrative.reader import Narrative, read_narrative

__all__ = ["Narrative", "read_narrative"]

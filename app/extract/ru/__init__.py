"""Russian: the grammars the English ones have beside them (figures, periods, publication
dates, speakers), each with the contract of its English counterpart. The word tables live in
data/ru/, under the names the English tables have in data/."""

"""Cooperative-surplus models of collaborative innovation (协同创新).

- :mod:`coinnovation.models.surplus`: :class:`Actor` and :class:`SurplusModel`,
  one description of actors and their cooperative surplus (合作剩余) turned
  into the three game forms.
- :mod:`coinnovation.models.differential`: differential games of the knowledge
  stock (产学研协同创新微分博弈) with cost sharing, subsidy, reputation.
- :mod:`coinnovation.models.canonical`: literature models with their payoff
  tables and citations (symbols by default, typical numbers alongside).
"""

from .canonical import (
    ALLIANCE_SYMBOLS,
    INDUSTRY_UNIVERSITY_SYMBOLS,
    RD_SYMBOLS,
    STACKELBERG_SYMBOLS,
    TRIPARTITE_SYMBOLS,
    TRIPARTITE_TYPICAL,
    RDSpillovers,
    StackelbergSubsidy,
    government_enterprise_university,
    industry_university,
    innovation_alliance,
    rd_spillovers,
    stackelberg_subsidy,
)
from .differential import (
    KNOWLEDGE_GOODWILL_SYMBOLS,
    KNOWLEDGE_STOCK_SYMBOLS,
    KNOWLEDGE_SUBSIDY_SYMBOLS,
    knowledge_goodwill,
    knowledge_stock,
    knowledge_stock_subsidy,
)
from .surplus import ROLES, SHARING_RULES, Actor, Government, SurplusModel

__all__ = [
    "ALLIANCE_SYMBOLS",
    "INDUSTRY_UNIVERSITY_SYMBOLS",
    "KNOWLEDGE_GOODWILL_SYMBOLS",
    "KNOWLEDGE_STOCK_SYMBOLS",
    "KNOWLEDGE_SUBSIDY_SYMBOLS",
    "RD_SYMBOLS",
    "ROLES",
    "SHARING_RULES",
    "STACKELBERG_SYMBOLS",
    "TRIPARTITE_SYMBOLS",
    "TRIPARTITE_TYPICAL",
    "Actor",
    "Government",
    "RDSpillovers",
    "StackelbergSubsidy",
    "SurplusModel",
    "government_enterprise_university",
    "industry_university",
    "innovation_alliance",
    "knowledge_goodwill",
    "knowledge_stock",
    "knowledge_stock_subsidy",
    "rd_spillovers",
    "stackelberg_subsidy",
]

"""Text a user pastes into a report or a mail: the citation of a case (publisher, document, edition, date,
case number and page) and the opening lines of a mail to the case's department."""

from __future__ import annotations

from dxreader.core.model import Case
from dxreader.services.catalog import Catalog, place_label
from dxreader.services.contacts import contact_block


def citation_text(case: Case, catalog: Catalog) -> str:
    """One line: 総務省「…【第2.0版】…」（令和6年4月24日）… 事例8・24ページ「題名」（福島県西会津町）."""
    return f"{catalog.citation(case.primary_source)}「{case.title}」（{place_label(case)}）"


def contact_with_heading(case: Case, catalog: Catalog) -> str:
    """The contact block under the case's title and 出典: the first lines of a mail to that department."""
    return f"事例: {case.title}（{place_label(case)}）\n出典: {catalog.citation(case.primary_source)}\n\n" + \
        contact_block(case)

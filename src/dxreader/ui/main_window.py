"""The main window: builds the panes, wires their signals, and turns user actions into service calls.

It is built in two steps so that it paints as soon as Qt is up: the constructor makes the frame (menu bar,
search bar, empty panes at their remembered sizes), and `populate()`, called once the frame is on screen,
imports the panes, reads the casebook and the user's data, and fills them in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QMainWindow, QMenu, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from dxreader.storage.errors import StorageError
from dxreader.ui.pane_layout import fit_to_screen, restore_layout
from dxreader.ui.plain_text import PlainLabel
from dxreader.ui.settings import MAX_FONT_PT, MIN_FONT_PT, ReaderSettings

if TYPE_CHECKING:
    from dxreader.core.filters import SearchFilters
    from dxreader.core.model import Case
    from dxreader.services.catalog import Catalog
    from dxreader.services.search import SearchResult, SearchService
    from dxreader.services.userdata import UserData
    from dxreader.ui.bookmark_pane import BookmarkPane
    from dxreader.ui.bookmarks_model import BookmarksModel
    from dxreader.ui.case_pane import CasePane
    from dxreader.ui.filter_panel import FilterPanel
    from dxreader.ui.nav_tree import NavTree
    from dxreader.ui.results_model import ResultsModel

SEARCH_DELAY_MS = 250
SORT_LABELS = {"relevance": "関連度順", "municipality": "団体名順（五十音）", "population": "人口の多い順"}
MENUS = (("ファイル", "F"), ("編集", "E"), ("表示", "V"), ("しおり", "B"), ("ヘルプ", "H"))


class MainWindow(QMainWindow):
    catalog: Catalog
    search_service: SearchService
    user_data: UserData
    category_tree: NavTree
    region_tree: NavTree
    bookmarks_model: BookmarksModel
    bookmark_pane: BookmarkPane
    filters: FilterPanel
    results_model: ResultsModel
    case_pane: CasePane

    def __init__(self, settings: ReaderSettings) -> None:
        """The frame only: cheap enough to paint at once; `populate()` fills it."""
        super().__init__()
        from dxreader.core.history import History

        self.settings = settings
        self.populated = False
        self.history = History()
        self.font_pt = settings.font_pt
        self.last_result: SearchResult | None = None
        self._category: tuple[str, ...] = ()
        self._place: tuple[str, ...] = ()
        self.setWindowTitle("DX事例リーダー")
        self.menus: dict[str, QMenu] = {name: self.menuBar().addMenu(f"{name}(&{k})") for name, k in MENUS}

        # top bar: history, search box, hit count, sort
        self.back_button = QToolButton(text="◀", toolTip="戻る（Alt+←）", autoRaise=True, enabled=False)
        self.forward_button = QToolButton(text="▶", toolTip="進む（Alt+→）", autoRaise=True, enabled=False)
        self.search_box = QLineEdit(placeholderText="事例を検索（例: 窓口 オンライン　／　-語 で除外　／　A OR B）",
                                    clearButtonEnabled=True)
        self.hit_count = PlainLabel("読み込み中…")
        self.sort_combo = QComboBox(toolTip="並べ替え")
        for key, label in SORT_LABELS.items():
            self.sort_combo.addItem(label, key)
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(settings.sort)))
        top = QHBoxLayout()
        for w in (self.back_button, self.forward_button):
            top.addWidget(w)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.hit_count)
        top.addWidget(self.sort_combo)

        # left, middle and right panes: empty until populate(), at their remembered sizes
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for _ in range(3):
            self.splitter.addWidget(QWidget())
        fit_to_screen(self)  # first start; a remembered layout replaces it (restore_layout)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        restore_layout(self)

    def populate(self, catalog: Catalog, search: SearchService, user_data: UserData) -> None:
        """Build the panes on the casebook and the user's data, wire them, and show every case."""
        # Imported here, not at the top, so that the frame can paint before these load.
        from PySide6.QtWidgets import QAbstractItemView, QListView, QTabWidget

        from dxreader.core.filters import place_path
        from dxreader.ui.bookmark_pane import BookmarkPane
        from dxreader.ui.bookmark_undo import BookmarkRemoval, UndoBar
        from dxreader.ui.bookmarks_model import BookmarksModel
        from dxreader.ui.case_pane import CasePane
        from dxreader.ui.filter_panel import FilterPanel
        from dxreader.ui.keyboard import KeyboardNavigation
        from dxreader.ui.menus import build_menus
        from dxreader.ui.pane_layout import PaneLayout
        from dxreader.ui.nav_tree import NavTree
        from dxreader.ui.results_model import ResultDelegate, ResultsModel
        from dxreader.ui.unsaved_text import offer_drafts

        self.catalog, self.search_service, self.user_data = catalog, search, user_data
        cases = catalog.cases()
        if user_data.read_only:
            self._show_read_only_notice()

        # left: category tree, region tree, bookmarks
        self.category_tree = NavTree(cases, lambda c: c.category, "category", case_leaves=True)
        by_code = sorted(cases, key=lambda c: (c.municipality_code is None, c.municipality_code or ""))
        self.region_tree = NavTree(by_code, place_path, "place", case_leaves=False)  # north to south
        self.bookmarks_model = BookmarksModel(lambda case_id: catalog.get(case_id) is not None, self)
        self.bookmark_pane = BookmarkPane(user_data, self.bookmarks_model)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.category_tree, "分類")
        self.left_tabs.addTab(self.region_tree, "地域")
        self.left_tabs.addTab(self.bookmark_pane, "しおり")

        # middle: filters and results
        prefectures = sorted({c.prefecture for c in cases if c.prefecture},
                             key=lambda p: next(c.municipality_code or "" for c in cases if c.prefecture == p))
        self.filters = FilterPanel(prefectures)
        self.results_model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap to fit
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.filters)
        middle_layout.addWidget(self.results, 1)

        # right: the case
        self.case_pane = CasePane(user_data)

        sizes = self.splitter.sizes()
        placeholders = [self.splitter.widget(i) for i in range(self.splitter.count())]
        for pane in (self.left_tabs, middle, self.case_pane):
            self.splitter.addWidget(pane)  # the splitter owns it from here on
        for placeholder in placeholders:
            placeholder.setParent(None)  # out of the splitter now; Python deletes it
        self.splitter.setSizes(sizes)
        case_split = self.settings.bytes("window/case_splitter")
        if case_split is not None:
            self.case_pane.splitter.restoreState(case_split)

        self.removal = BookmarkRemoval(user_data, self)
        self.undo_bar = UndoBar(self.removal)
        self.statusBar().addPermanentWidget(self.undo_bar)
        self.actions: dict[str, QAction] = build_menus(self)
        self.keyboard = KeyboardNavigation(self)
        self.pane_layout = PaneLayout(self)
        self._wire()
        self.populated = True
        self.bookmark_pane.reload()
        self.run_search()
        self._update_history_actions()
        QTimer.singleShot(0, self, lambda: offer_drafts(self))  # text a failed save left in recovery files

    # --- wiring --------------------------------------------------------------------------------
    def _wire(self) -> None:
        self.search_box.textChanged.connect(lambda _: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.sort_combo.currentIndexChanged.connect(lambda _: self.run_search())
        self.filters.changed.connect(self.run_search)
        self.filters.clear_button.clicked.connect(self.clear_tree_selection)
        self.category_tree.path_selected.connect(self._category_selected)
        self.category_tree.case_selected.connect(self.open_case)
        self.region_tree.path_selected.connect(self._place_selected)
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.bookmark_pane.case_selected.connect(self.open_case)
        self.bookmark_pane.changed.connect(self.user_data_changed)
        self.bookmark_pane.folder_created.connect(self.case_pane.take_new_folder)
        self.bookmark_pane.message.connect(self.show_message)
        for source in (self.case_pane, self.bookmark_pane):
            source.removal_requested.connect(self.remove_bookmarks)
        self.removal.changed.connect(self.user_data_changed)
        self.removal.message.connect(self.show_message)
        self.case_pane.message.connect(self.show_message)
        self.case_pane.bookmarks_changed.connect(self.user_data_changed)
        self.case_pane.annotation_saved.connect(self.bookmark_pane.reload)
        self.case_pane.print_requested.connect(self.actions["print"].trigger)
        self.case_pane.view.case_link_clicked.connect(self.open_case)
        self.case_pane.view.url_link_clicked.connect(self.offer_url)
        self.back_button.clicked.connect(self.go_back)
        self.forward_button.clicked.connect(self.go_forward)

    def prepare_search(self) -> None:
        """Open the search index after the window has painted, so typing the first word does not wait."""
        if not self.search_service.ready:
            try:
                self.search_service.warm_up()
            except StorageError as exc:
                self.show_message(str(exc))

    def _show_read_only_notice(self) -> None:
        """Stays in view for the whole session: every change the user tries would be refused."""
        from dxreader.ui.plain_text import PlainLabel

        self.read_only_notice = PlainLabel("読み取り専用：しおり・メモの閲覧と書き出しのみできます（変更は保存されません）")
        self.read_only_notice.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; padding: 0 6px; }")
        self.statusBar().addPermanentWidget(self.read_only_notice)
        self.setWindowTitle(f"{self.windowTitle()}（読み取り専用）")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # --- searching -----------------------------------------------------------------------------
    def current_filters(self, bookmarked: set[str]) -> SearchFilters:
        from dxreader.core.filters import SearchFilters

        kind = self.filters.kind.currentData()
        prefecture = self.filters.prefecture.currentData()
        return SearchFilters(
            category=self._category, place=self._place, bands=self.filters.selected_bands(),
            prefectures=frozenset([prefecture]) if prefecture else frozenset(),
            kinds=frozenset([kind]) if kind else frozenset(),
            has_contact=True if self.filters.has_contact.isChecked() else None, has_body=self.filters.has_body(),
            case_ids=frozenset(bookmarked) if self.filters.bookmarked_only.isChecked() else None,
        )

    def run_search(self) -> None:
        """Search now (Enter, or the debounce timer after typing stops) and refresh every count."""
        self._search_timer.stop()
        if not self.populated:
            return
        notes = ({n.case_id: n.text for n in self.user_data.store.notes()}
                 if self.filters.include_notes.isChecked() else None)
        bookmarked = {b.case_id for b in self.user_data.bookmarks()}  # read once per search, not per use
        try:
            result = self.search_service.search(self.search_box.text(), self.current_filters(bookmarked),
                                                sort=self.sort_combo.currentData(), notes=notes)
        except StorageError as exc:  # the search index is damaged or missing and cannot be rebuilt
            self.hit_count.setText("検索できません")
            self.show_message(str(exc))
            return
        self.last_result = result
        self.results_model.set_result(result, bookmarked)
        self.hit_count.setText(self.results_model.count_text(result))
        matching = set(result.ids)
        self.category_tree.update_counts(result.facets.get("category", {}), self._count_ignoring("category", result),
                                         matching)
        self.region_tree.update_counts(result.facets.get("place", {}), self._count_ignoring("place", result), matching)
        self.filters.update_counts(result.facets)
        if self.case_pane.case is not None:
            self._mark_current_in_results()
            self._render_current()  # hits highlighted for the new query

    @staticmethod
    def _count_ignoring(facet: str, result: SearchResult) -> int:
        counts = result.facets.get(facet, {})
        return sum(n for label, n in counts.items() if " › " not in label)

    def _category_selected(self, path: tuple[str, ...]) -> None:
        self._category = path
        self.run_search()

    def _place_selected(self, path: tuple[str, ...]) -> None:
        self._place = path
        self.run_search()

    def clear_tree_selection(self) -> None:
        self._category, self._place = (), ()
        self.category_tree.select_path(())
        self.region_tree.select_path(())
        self.run_search()

    def clear_all(self) -> None:
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.filters.clear()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # --- opening cases -------------------------------------------------------------------------
    def _result_chosen(self, index: QModelIndex) -> None:
        case_id = self.results_model.case_id(index.row()) if index.isValid() else None
        if case_id is not None:
            self.open_case(case_id)

    def _mark_current_in_results(self) -> None:
        """Select the open case's row (if listed) without opening anything."""
        current = self.case_pane.case
        row = self.results_model.row_of(current.id) if current else -1
        self.results.selectionModel().blockSignals(True)
        if row >= 0:
            self.results.setCurrentIndex(self.results_model.index(row))
        else:  # not listed: no other case may look chosen
            self.results.selectionModel().clear()
        self.results.selectionModel().blockSignals(False)
        self.results.viewport().update()  # the blocked signals would have repainted it

    def settle_unsaved(self, leaving: str) -> bool:
        """Nothing typed is left unsaved (the user chose what to do if a save failed). True: go ahead."""
        from dxreader.ui.unsaved_text import settle

        return settle(self, leaving)

    def open_case(self, case_id: str, record: bool = True) -> None:
        if self.case_pane.case is not None and self.case_pane.case.id == case_id:
            return
        if not self.settle_unsaved("別の事例を開く"):
            self._mark_current_in_results()  # the list shows the case that stays open
            return
        case = self.catalog.get(case_id)
        if case is None:
            bookmark = self.user_data.bookmark(case_id)
            self.case_pane.show_missing(case_id, bookmark.title if bookmark else case_id)
        else:
            self.case_pane.show_case(case, self._html(case))
        self._mark_current_in_results()  # also after Back/Forward or a tree click: the list shows this case
        if record:
            self.history.visit(case_id)
        self.settings.set("view/last_case", case_id)
        self._update_history_actions()

    def _html(self, case: Case) -> str:
        from dxreader.services.case_html import case_html

        terms = self.last_result.terms_for(case.id) if self.last_result else ()
        related = [c for c in self.catalog.cases()
                   if c.id != case.id and c.municipality_code and c.municipality_code == case.municipality_code]
        return case_html(case, self.catalog, terms, related, self.font_pt)

    def _render_current(self) -> None:
        case = self.case_pane.case
        if case is not None:
            scroll = self.case_pane.view.verticalScrollBar().value()
            self.case_pane.view.setHtml(self._html(case))
            self.case_pane.view.verticalScrollBar().setValue(scroll)

    def go_back(self) -> None:
        if self.history.can_back() and self.settle_unsaved("別の事例を開く"):
            self.open_case(self.history.back() or "", record=False)

    def go_forward(self) -> None:
        if self.history.can_forward() and self.settle_unsaved("別の事例を開く"):
            self.open_case(self.history.forward() or "", record=False)

    def remove_bookmarks(self, case_ids: list[str]) -> None:
        """Undoably; the open case's comment, if a save of it failed, is dealt with first (kept or not)."""
        current = self.case_pane.case
        if current is not None and current.id in case_ids and not self.settle_unsaved("しおりを外す"):
            return
        self.removal.remove(case_ids)

    def show_user_text_of(self, case_id: str) -> None:
        """Show the case with its note and comment as stored now (after they were changed from outside)."""
        current = self.case_pane.case
        if current is None or current.id != case_id:
            self.open_case(case_id)
        elif self.settle_unsaved("表示し直す"):
            self.case_pane.show_case(current, self._html(current))
        self.user_data_changed()

    def _update_history_actions(self) -> None:
        self.back_button.setEnabled(self.history.can_back())
        self.forward_button.setEnabled(self.history.can_forward())
        self.actions["back"].setEnabled(self.history.can_back())
        self.actions["forward"].setEnabled(self.history.can_forward())

    def offer_url(self, index: int) -> None:
        case = self.case_pane.case
        if case is not None and 0 <= index < len(case.links):
            from dxreader.ui.dialogs import LinkDialog

            dialog = LinkDialog(case.links[index].label, case.links[index].url, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    # --- view ----------------------------------------------------------------------------------
    def zoom(self, step: float) -> None:
        self.font_pt = 11.0 if step == 0 else min(MAX_FONT_PT, max(MIN_FONT_PT, self.font_pt + step))
        self.settings.set("view/font_pt", self.font_pt)
        self._render_current()
        self.show_message(f"文字の大きさ: {self.font_pt:g}pt")

    def user_data_changed(self) -> None:
        self.bookmark_pane.reload()
        self.case_pane.refresh_bookmark()
        self.results_model.set_bookmarked({b.case_id for b in self.user_data.bookmarks()})
        if self.filters.bookmarked_only.isChecked():
            self.run_search()

    # --- layout across restarts ----------------------------------------------------------------
    def restore_last_case(self) -> None:
        """The case open at the last exit, else the first result, so no pane is empty on start."""
        last = self.settings.last_case
        if last and self.catalog.get(last) is not None:
            self.open_case(last)
        elif self.results_model.rowCount():
            self.results.setCurrentIndex(self.results_model.index(0))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.populated and not self.settle_unsaved("閉じる"):
            event.ignore()  # the user chose to stay: a failed save left text that is not kept anywhere yet
            return
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/splitter", self.splitter.saveState())
        if self.populated:
            self.case_pane.flush()
            self.settings.set("window/case_splitter", self.case_pane.splitter.saveState())
        self.settings.set("search/sort", self.sort_combo.currentData())
        self.settings.sync()
        super().closeEvent(event)


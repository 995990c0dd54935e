"""Qt's own texts in Japanese: the buttons and labels of standard dialogs (キャンセル, 閉じる, はい …)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATOR_NAME = "dxreader-qt-ja"
QT_CATALOGS = ("qtbase",)  # the Widgets, print and file dialogs' texts live in qtbase_ja.qm


def install_japanese_qt(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's Japanese translations shipped with PySide6 (and copied into the frozen build), once per
    application. Returns the translators installed; none if the files are missing (English then)."""
    already = app.findChildren(QTranslator, TRANSLATOR_NAME)
    if already:
        return list(already)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed: list[QTranslator] = []
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)  # owned by the app: it must live as long as the texts are used
        translator.setObjectName(TRANSLATOR_NAME)
        if translator.load(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan), catalog, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed

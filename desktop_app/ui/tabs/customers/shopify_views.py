"""The Customers tab's views of the shop's Shopify customers: all of them with their local
link (`ShopifyCustomersView`), and those the rules did not link, waiting for review with
their note and candidates (`ReviewView`). Their Link… and Find mapping buttons are connected
by the tab, which opens the linking dialog for the current row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.models.shopify_customer_table_model import (
    ReviewColumn,
    ReviewTableModel,
    ShopifyColumn,
    ShopifyCustomerTableModel,
)
from desktop_app.ui.tabs.customers.tables import customer_table


class ShopifyCustomersView(QWidget):
    """The staged Shopify customers of the shop, with their local link.

    The texts keep the translation context "CustomersTab" (the tab they were written in).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shopify_customers_page")
        self.model = ShopifyCustomerTableModel(self)
        self.table = customer_table(self, "shopify_customers_table",
                                    QCoreApplication.translate("CustomersTab",
                                                               "Shopify customers"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by GID until a click
        self.table.setSortingEnabled(True)  # every column sorts in SQL
        header.setSectionResizeMode(ShopifyColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ShopifyColumn.EMAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ShopifyColumn.PHONE, 130), (ShopifyColumn.COUNTRY, 64),
                              (ShopifyColumn.LOCAL_NO, 110), (ShopifyColumn.REASON, 150),
                              (ShopifyColumn.REVIEW, 90)):
            self.table.setColumnWidth(column, width)
        self.table.set_empty_text(QCoreApplication.translate(
            "CustomersTab",
            "No Shopify customers here yet.\n\nSync Customers brings them in when the Shop "
            "Card's customer import is set to All, and uploads add the ones they create."))
        self.link_button = QPushButton(QCoreApplication.translate("CustomersTab", "Link…"),
                                       self)
        self.link_button.setObjectName("link_shopify_button")
        self.link_button.setToolTip(QCoreApplication.translate(
            "CustomersTab",
            "Link the current Shopify customer to a local customer, or unlink it"))
        self.find_mapping_button = QPushButton(
            QCoreApplication.translate("CustomersTab", "Find mapping"), self)
        self.find_mapping_button.setObjectName("find_mapping_tab_button")
        self.find_mapping_button.setToolTip(QCoreApplication.translate(
            "CustomersTab",
            "Run the shop's matching rules again for the current Shopify customer"))
        actions = QHBoxLayout()
        actions.addWidget(self.link_button)
        actions.addWidget(self.find_mapping_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)


class ReviewView(QWidget):
    """The Shopify customers waiting for review, with their note and candidates.

    The texts keep the translation context "CustomersTab" (the tab they were written in).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_page")
        self.model = ReviewTableModel(self)
        self.table = customer_table(self, "review_table", QCoreApplication.translate(
            "CustomersTab", "Customers needing review"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by GID until a click
        self.table.setSortingEnabled(True)  # every column sorts (in memory: a short list)
        header.setSectionResizeMode(ReviewColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ReviewColumn.NAME, 150), (ReviewColumn.EMAIL, 190),
                              (ReviewColumn.PHONE, 120), (ReviewColumn.STATE, 80),
                              (ReviewColumn.CANDIDATES, 230)):
            self.table.setColumnWidth(column, width)
        self.table.set_empty_text(QCoreApplication.translate(
            "CustomersTab",
            "Nothing waits for review.\n\nWhen two local customers share the e-mail or phone "
            "of a Shopify customer, the sync links neither and lists it here."))
        hint = QLabel(QCoreApplication.translate(
            "CustomersTab",
            "These Shopify customers were not linked because the rules "
            "found several possible local customers, or failed. Pick the "
            "right one with Link…"), self)
        hint.setWordWrap(True)
        self.link_button = QPushButton(QCoreApplication.translate("CustomersTab", "Link…"),
                                       self)
        self.link_button.setObjectName("link_review_button")
        self.find_button = QPushButton(
            QCoreApplication.translate("CustomersTab", "Find mapping"), self)
        self.find_button.setObjectName("find_mapping_review_button")
        actions = QHBoxLayout()
        actions.addWidget(self.link_button)
        actions.addWidget(self.find_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

"""The Customers tab's views of the shop's Shopify customers: all of them with their local
link (`ShopifyCustomersView`), and those the rules did not link, waiting for review with
their note and candidates (`ReviewView`). Their Link… and Find mapping buttons are connected
by the tab, which opens the linking dialog for the current row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.ui.models.shopify_customer_table_model import (
    ReviewColumn,
    ReviewTableModel,
    ShopifyColumn,
    ShopifyCustomerTableModel,
)
from desktop_app.ui.tabs.customers.tables import customer_table
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.table_columns import size_columns


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
        size_columns(self.table, ((ShopifyColumn.PHONE, 130), (ShopifyColumn.COUNTRY, 64),
                                  (ShopifyColumn.LOCAL_NO, 110), (ShopifyColumn.REASON, 150),
                                  (ShopifyColumn.REVIEW, 90)),
                     stretch=(ShopifyColumn.NAME, ShopifyColumn.EMAIL))
        self.table.set_empty_text(QCoreApplication.translate(
            "CustomersTab",
            "No Shopify customers here yet.\n\nSync Customers brings them in when the Shop "
            "Card's customer import is set to All, and uploads add the ones they create."))
        self.link_button = push_button(
            self, "link_shopify_button", QCoreApplication.translate("CustomersTab", "Link…"),
            QCoreApplication.translate(
                "CustomersTab",
                "Link the current Shopify customer to a local customer, or unlink it"))
        self.find_mapping_button = push_button(
            self, "find_mapping_tab_button",
            QCoreApplication.translate("CustomersTab", "Find mapping"),
            QCoreApplication.translate(
                "CustomersTab",
                "Run the shop's matching rules again for the current Shopify customer"))
        page_layout(self, self.table,
                    controls_row(self.link_button, self.find_mapping_button, None),
                    grow=self.table)


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
        size_columns(self.table, ((ReviewColumn.NAME, 150), (ReviewColumn.EMAIL, 190),
                                  (ReviewColumn.PHONE, 120), (ReviewColumn.STATE, 80),
                                  (ReviewColumn.CANDIDATES, 230)),
                     stretch=(ReviewColumn.NOTE,))
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
        self.link_button = push_button(
            self, "link_review_button", QCoreApplication.translate("CustomersTab", "Link…"))
        self.find_button = push_button(
            self, "find_mapping_review_button",
            QCoreApplication.translate("CustomersTab", "Find mapping"))
        page_layout(self, hint, self.table,
                    controls_row(self.link_button, self.find_button, None), grow=self.table)

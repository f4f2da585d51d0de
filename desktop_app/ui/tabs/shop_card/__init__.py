"""The Shop Card's views: `ConnectionBox`, `ConnectionTestBox` and `SettingsForm`; the tab
that holds them, loads and saves the card is `ui.tabs.shop_card_tab.ShopCardTab`."""

from desktop_app import geo


def test_country_lookup_by_code_and_name():
    assert geo.country("ca").name == "Canada"
    assert geo.country("XX") is None
    assert geo.country_by_name("france").code == "FR"


def test_province_by_code_or_name():
    assert geo.province_code("CA", "on") == "ON"
    assert geo.province_code("CA", "Ontario") == "ON"
    assert geo.province_code("US", "Ontario") is None
    assert geo.province_code("FR", "Bretagne") is None  # no provinces in Shopify for FR

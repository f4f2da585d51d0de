import logging

from desktop_app import log as app_log


def test_file_log_scrubs_token_shapes_and_registered_secrets(tmp_path):
    path = app_log.setup_logging(tmp_path, level=logging.DEBUG)
    app_log.register_secret("my-client-secret-value")
    logger = logging.getLogger("desktop_app.test")
    logger.warning("token %s and secret %s", "shpat_0123456789abcdef0123456789abcdef",
                   "my-client-secret-value")
    try:
        raise RuntimeError("boom with shpca_abcdef0123456789")
    except RuntimeError:
        logger.exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text()
    assert "token *** and secret ***" in text
    assert "shpat_" not in text and "shpca_" not in text and "my-client-secret-value" not in text
    assert "RuntimeError" in text  # the traceback is kept, scrubbed
    assert (path.stat().st_mode & 0o777) == 0o600
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_shop_sync", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_scrub_leaves_ordinary_text():
    assert app_log.scrub("customer C00010 synced") == "customer C00010 synced"

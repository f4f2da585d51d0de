"""Staged uploads: the signed upload targets ``stagedUploadsCreate`` hands out, and the
storage service that takes the files, served by the demo shop itself.

At Shopify a ``BULK_MUTATION_VARIABLES`` target is a Google Cloud Storage form upload:
``url`` is the bucket (``https://shopify-staged-uploads.storage.googleapis.com/``),
``resourceUrl`` is null, and ``parameters`` are the form's fields: ``key`` (the path later
passed to ``bulkOperationRunMutation`` as ``stagedUploadPath``,
``tmp/<shop id>/bulk/<uuid>/<filename>``), ``Content-Type``, ``success_action_status``
(``201``), ``acl``, ``policy`` (a base64 JSON policy: expiry and conditions), and the
``x-goog-*`` signature fields. The client POSTs them as ``multipart/form-data`` with the file
as the last part, without the Admin API token, and the bucket answers 201 with a small XML
``PostResponse``. ``httpMethod: PUT`` targets take the raw body by ``PUT`` on a signed URL.

Here the bucket is ``{base_url}/staged-uploads/`` on the same server (in-process or loopback),
and the signature is an HMAC of the policy with a secret of this shop: a form whose fields
differ from the target's, an expired policy, or a file over ``MAX_FILE_BYTES`` is refused
with the storage service's XML errors (their wording is the public GCS one; Shopify's bucket
answers were NOT CAPTURED). Files are kept under the backend's temporary bulk folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

#: Where the demo's storage service takes uploads (POST form, PUT to the signed URL).
UPLOAD_PATH = "/staged-uploads/"
#: Shopify's limit on a bulk mutation's variables file (from 2026-01; 20 MB before).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: How long a target stays usable (GCS policies Shopify signs last a day; NOT CAPTURED).
TARGET_TTL = timedelta(days=1)
_CREDENTIAL = "merchant-assets@demo-shop.iam.example/{day}/auto/storage/goog4_request"


@dataclass
class _Target:
    key: str
    fields: dict[str, str]
    expires: datetime
    method: str


@dataclass(frozen=True)
class UploadAnswer:
    """The storage service's HTTP answer (status, headers, body)."""

    status: int
    headers: dict[str, str]
    body: bytes


def _escape(text: str) -> str:
    """`text` in XML (&, < and >), as `xml.sax.saxutils.escape`: imported by the first upload
    answer, not by every start of a demo shop (with `urllib.request`, `http.client` and the
    `email` parser: 0.01-0.02 s of CPU; tests/unit/test_start_imports.py)."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(text)


def _xml_error(status: int, code: str, message: str) -> UploadAnswer:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?><Error>"
        f"<Code>{_escape(code)}</Code><Message>{_escape(message)}</Message></Error>"
    ).encode()
    return UploadAnswer(status, {"Content-Type": "application/xml; charset=UTF-8"}, body)


class StagedUploads:
    """The upload targets handed out and the files received, for one shop.

    Args:
        folder: Where received files are kept.
        shop_id: The shop's numeric id (it appears in every key, as at Shopify).
    """

    def __init__(self, folder: Path, shop_id: int = 1) -> None:
        self.folder = folder
        self.shop_id = shop_id
        self._secret = secrets.token_bytes(32)
        self._targets: dict[str, _Target] = {}
        self._files: dict[str, Path] = {}
        self._lock = threading.Lock()  # uploads arrive on the loop, reads in worker threads

    # --- stagedUploadsCreate --------------------------------------------------------------

    def create_target(self, base_url: str, filename: str, mime_type: str, method: str,
                      now: datetime) -> dict[str, object]:
        """A new target (the ``StagedMediaUploadTarget`` fields) for one file."""
        key = f"tmp/{self.shop_id}/bulk/{uuid.uuid4()}/{filename}"
        expires = now + TARGET_TTL
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        policy_doc = {
            "expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "conditions": [
                {"key": key}, {"Content-Type": mime_type}, {"success_action_status": "201"},
                {"acl": "private"}, ["content-length-range", 1, MAX_FILE_BYTES],
            ],
        }
        policy = base64.b64encode(json.dumps(policy_doc, separators=(",", ":")).encode()).decode()
        fields = {
            "key": key,
            "Content-Type": mime_type,
            "success_action_status": "201",
            "acl": "private",
            "policy": policy,
            "x-goog-credential": _CREDENTIAL.format(day=now.strftime("%Y%m%d")),
            "x-goog-algorithm": "GOOG4-HMAC-SHA256",
            "x-goog-date": stamp,
            "x-goog-signature": self._sign(policy),
        }
        root = f"{base_url.rstrip('/')}{UPLOAD_PATH}"
        with self._lock:
            self._targets[key] = _Target(key, fields, expires, method)
        if method == "PUT":
            signature = self._sign(key)
            url = f"{root}{quote(key)}?X-Goog-Signature={signature}"
            parameters = [{"name": "content_type", "value": mime_type},
                          {"name": "acl", "value": "private"}]
            return {"url": url, "resourceUrl": None, "parameters": parameters}
        return {
            "url": root,
            "resourceUrl": None,
            "parameters": [{"name": k, "value": v} for k, v in fields.items()],
        }

    def _sign(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()

    # --- the storage service ----------------------------------------------------------------

    def receive(self, method: str, path: str, headers: dict[str, str], body: bytes,
                now: datetime) -> UploadAnswer:
        """Answer one request to the storage service (POST form or PUT of a signed URL)."""
        if len(body) > MAX_FILE_BYTES + 64 * 1024:
            return _xml_error(400, "EntityTooLarge",
                              "Your proposed upload is larger than the maximum object size "
                              "specified in your Policy Document.")
        if method == "POST":
            return self._receive_form(headers.get("content-type", ""), body, now)
        if method == "PUT":
            return self._receive_put(path, body, now)
        return UploadAnswer(405, {"Allow": "POST, PUT"}, b"")

    def _receive_form(self, content_type: str, body: bytes, now: datetime) -> UploadAnswer:
        if not content_type.lower().startswith("multipart/form-data"):
            return _xml_error(400, "InvalidArgument", "POST requires multipart/form-data.")
        from email import policy as email_policy
        from email.parser import BytesParser

        message = BytesParser(policy=email_policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        form: dict[str, str] = {}
        content: bytes | None = None
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if name == "file":
                content = data  # the file is the last part: later fields are ignored
                break
            if isinstance(name, str):
                form[name] = data.decode("utf-8", errors="replace")
        if content is None:
            return _xml_error(400, "InvalidArgument", "The form has no file field.")
        with self._lock:
            target = self._targets.get(form.get("key", ""))
        if target is None or target.method != "POST" or not hmac.compare_digest(
            form.get("x-goog-signature", ""), self._sign(form.get("policy", ""))
        ) or form.get("policy") != target.fields["policy"]:
            return _xml_error(403, "SignatureDoesNotMatch", "The request signature we "
                              "calculated does not match the signature you provided.")
        mismatched = [k for k, v in target.fields.items() if form.get(k) != v]
        if mismatched:
            return _xml_error(403, "AccessDenied",
                              f"Invalid according to Policy: Policy Condition failed: {mismatched[0]}")
        problem = self._check(target, content, now)
        if problem is not None:
            return problem
        self._store(target.key, content)
        body_xml = (
            "<?xml version='1.0' encoding='UTF-8'?><PostResponse>"
            f"<Location>{_escape(UPLOAD_PATH + quote(target.key))}</Location>"
            "<Bucket>shopify-staged-uploads</Bucket>"
            f"<Key>{_escape(target.key)}</Key>"
            f"<ETag>\"{hashlib.md5(content).hexdigest()}\"</ETag></PostResponse>"  # noqa: S324
        ).encode()
        return UploadAnswer(201, {"Content-Type": "application/xml; charset=UTF-8"}, body_xml)

    def _receive_put(self, path: str, body: bytes, now: datetime) -> UploadAnswer:
        raw, _, query = path.partition("?")
        key = unquote(raw[len(UPLOAD_PATH):]) if raw.startswith(UPLOAD_PATH) else ""
        signature = (parse_qs(query).get("X-Goog-Signature") or [""])[0]
        with self._lock:
            target = self._targets.get(key)
        if target is None or target.method != "PUT" or not hmac.compare_digest(
            signature, self._sign(key)
        ):
            return _xml_error(403, "SignatureDoesNotMatch", "The request signature we "
                              "calculated does not match the signature you provided.")
        problem = self._check(target, body, now)
        if problem is not None:
            return problem
        self._store(key, body)
        return UploadAnswer(200, {}, b"")

    @staticmethod
    def _check(target: _Target, content: bytes, now: datetime) -> UploadAnswer | None:
        if now >= target.expires:
            return _xml_error(400, "ExpiredToken", "Invalid argument: Policy expired.")
        if not content:
            return _xml_error(400, "EntityTooSmall", "Your proposed upload is smaller than "
                              "the minimum object size specified in your Policy Document.")
        if len(content) > MAX_FILE_BYTES:
            return _xml_error(400, "EntityTooLarge", "Your proposed upload is larger than the "
                              "maximum object size specified in your Policy Document.")
        return None

    def _store(self, key: str, content: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / hashlib.sha256(key.encode()).hexdigest()
        path.write_bytes(content)  # a second upload to the same key replaces the first
        with self._lock:
            self._files[key] = path

    def file_of(self, key: str) -> Path | None:
        """The file uploaded under ``key``, or None (never uploaded, or not a target)."""
        with self._lock:
            path = self._files.get(key)
        return path if path is not None and path.is_file() else None

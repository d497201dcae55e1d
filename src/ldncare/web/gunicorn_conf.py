"""gunicorn settings of ``ldncare serve`` (``--config python:ldncare.web.gunicorn_conf``).

The request limits are stated so that what they answer is documented (README,
"No 500 on any input"; checked by ``tests/live``): a request line (method, path
and query) longer than ``limit_request_line`` bytes answers **414**, a header
longer than ``limit_request_field_size`` bytes **431**, more than
``limit_request_fields`` headers **400**, all from gunicorn before Django sees
the request. Bodies are bounded by Django (``DATA_UPLOAD_MAX_MEMORY_SIZE``,
2.5 MB): larger ones answer 400, on the API with the one error body.
"""

#: The longest request line accepted, bytes (gunicorn's maximum and default).
limit_request_line = 8190
#: The most header fields in one request.
limit_request_fields = 100
#: The longest header field, bytes.
limit_request_field_size = 8190

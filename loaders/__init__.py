"""juesuan loaders: read 部门决算 documents into one canonical fact model."""

PARSER_VERSION = "0.1.0"

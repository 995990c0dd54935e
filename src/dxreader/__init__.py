"""DX事例リーダー: an offline reader of Japanese local-government DX case studies."""

__version__ = "0.1.0"

"""The one error the data build raises: a problem in the sources or curation data, said in Japanese."""


class BuildError(Exception):
    """The sources, curation files or reference data do not add up; the message says what to fix."""

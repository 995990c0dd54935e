"""Typed storage errors: problems of the environment or the file, which the UI turns into messages."""


class StorageError(Exception):
    """Base: a storage problem a user can be told about in plain Japanese (str(exc))."""


class CasebookMissing(StorageError):
    pass


class CasebookUnreadable(StorageError):
    """Not a casebook, corrupt, or written by a newer version of the program."""


class UserDataError(StorageError):
    """The user-data file could not be read or written; what is already saved is untouched."""


class DiskFull(UserDataError):
    pass


class ReadOnlyLocation(UserDataError):
    pass


class DataLocked(UserDataError):
    pass


class UserDataCorrupt(UserDataError):
    pass


class UserDataTooNew(UserDataError):
    """Written by a newer version of the program: never migrated down, never moved aside."""

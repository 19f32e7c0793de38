import GRDB

// The enums the database stores by their raw text. GRDB derives the conversion from the raw value; an unknown stored
// text (a database written by a newer Baustein) is not read as some default: `Row.decode` and the records' `init(row:)`
// throw for it, so nothing acts on a value this version does not understand. Read these columns with `decode`,
// never with the row subscript, which would stop the process instead.

extension ReviewState: DatabaseValueConvertible {}
extension ReviewAction: DatabaseValueConvertible {}
extension DismissalKind: DatabaseValueConvertible {}
extension Role: DatabaseValueConvertible {}

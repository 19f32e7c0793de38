import GRDB

// The enums the database stores by their raw text. An unknown stored text (a database written by a newer Baustein) is
// not read as some default: reading it throws, so nothing acts on a value this version does not understand.
// GRDB's conversion remains for the knowledge base's own records; the workflow reads through ``SQLSession``.

extension ReviewState: DatabaseValueConvertible, SQLTextEnum {}
extension ReviewAction: DatabaseValueConvertible, SQLTextEnum {}
extension DismissalKind: DatabaseValueConvertible, SQLTextEnum {}
extension Role: DatabaseValueConvertible, SQLTextEnum {}
extension AuditRole: SQLTextEnum {}
extension AuditAction: SQLTextEnum {}

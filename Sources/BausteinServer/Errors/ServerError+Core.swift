import BausteinCore
import Hummingbird
import NIOCore

extension ServerError {
    /// The answer for a core error: intake problems are the caller's (400), review refusals say why (403, 404,
    /// 409, 422); anything else is an internal error whose details stay in the log.
    static func from(_ error: any Error) -> ServerError {
        switch error {
        case let error as ServerError:
            return error
        case let error as IntakeError:
            return .badRequest(error.description, field: error.field)
        case let error as ReviewError:
            return from(error)
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound
            case .contentTooLarge: return ServerError(.contentTooLarge, code: "body_too_large", message: "Anfrage zu groß.")
            case .methodNotAllowed: return ServerError(.methodNotAllowed, code: "method_not_allowed", message: "Diese Methode ist hier nicht erlaubt.")
            default:
                return ServerError(error.status, code: "http_\(error.status.code)", message: error.status.reasonPhrase)
            }
        case is NIOTooManyBytesError:
            // A body collected past its limit (`request.body.collect(upTo:)`).
            return ServerError(.contentTooLarge, code: "body_too_large", message: "Anfrage zu groß.")
        default:
            return .internalError
        }
    }

    private static func from(_ error: ReviewError) -> ServerError {
        let status: HTTPResponse.Status
        let code: String
        switch error {
        case .unknownItem: (status, code) = (.notFound, "unknown_item")
        case .forbidden, .otherDepartment, .fourEyes, .purgeNotAllowed, .undoByOther, .adminOnly, .outboxNotAllowed, .screenNotForRole:
            (status, code) = (.forbidden, "forbidden")
        case .noTeam, .unknownPerson: (status, code) = (.forbidden, "unknown_person")
        case .notAllowed, .nothingToUndo, .undoAfterDelivery: (status, code) = (.conflict, "state_conflict")
        case .uncertainMatch: (status, code) = (.unprocessableContent, "uncertain_match")
        case .claimed: (status, code) = (.conflict, "claimed")
        case .changedMeanwhile: (status, code) = (.conflict, "changed_meanwhile")
        case .noSuggestion, .unknownSnippet, .snippetNotValid, .missingValues, .tooLong, .emptyText, .unresolvedPlaceholder,
            .noteRequired, .noReplyText, .unknownDepartment, .reservedDismissalKind:
            (status, code) = (.unprocessableContent, "not_possible")
        }
        return ServerError(status, code: code, message: error.description)
    }
}

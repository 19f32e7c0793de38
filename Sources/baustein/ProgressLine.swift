import BausteinCore
import Foundation

/// One line on standard error that shows how far a long piece of work has come, redrawn in place.
///
/// Only at a terminal (standard error is one, `TERM` is not `dumb`): in a pipe, a log or under `--json` nothing is
/// written. It appears once the work has taken ``delay`` (a quick sync stays quiet), is redrawn at most ten times a
/// second, and is erased by ``finish()`` so that the command's own output follows as before.
final class ProgressLine {
    private let label: String
    private let enabled: Bool
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn: UInt64 = 0
    private var drawn = false

    /// How long the work must have run before the line appears: half a second, or `BAUSTEIN_PROGRESS_DELAY` seconds
    /// (0 shows it from the first step: the tests' terminal runs use it, as a fast machine syncs thousands in less).
    static let delay = ProcessInfo.processInfo.environment["BAUSTEIN_PROGRESS_DELAY"].flatMap(Double.init).map { max($0, 0) } ?? 0.5

    init(_ label: String, enabled: Bool = ProgressLine.standardErrorIsTerminal) {
        self.label = label
        self.enabled = enabled
    }

    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func update(_ progress: WorkProgress) {
        guard enabled, progress.total > 0 else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let elapsed = Double(now - started) / 1e9
        guard elapsed >= Self.delay, !drawn || now - lastDrawn >= 100_000_000 || progress.done >= progress.total else { return }
        lastDrawn = now
        drawn = true
        write("\r\u{1B}[2K" + Self.text(label, progress, elapsed: elapsed))
    }

    /// Erases the line, if it was drawn.
    func finish() {
        guard drawn else { return }
        drawn = false
        write("\r\u{1B}[2K")
    }

    /// "Bedeutungsabgleich: 96 von 342 Texten (28 %), noch etwa 24 s".
    static func text(_ label: String, _ progress: WorkProgress, elapsed: Double) -> String {
        let share = Double(progress.done) / Double(max(progress.total, 1))
        var text = "\(label): \(progress.done) von \(progress.total) (\(Int((share * 100).rounded(.down))) %)"
        if progress.done > 0, progress.done < progress.total {
            let remaining = elapsed / Double(progress.done) * Double(progress.total - progress.done)
            text += ", noch etwa \(remaining < 90 ? "\(Int(remaining.rounded(.up))) s" : "\(Int((remaining / 60).rounded(.up))) min")"
        }
        return text
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

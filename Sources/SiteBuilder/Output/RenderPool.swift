import Dispatch
import Foundation
import SiteTemplates
import SystemIO

/// Renders and writes pages on background threads while the build's thread streams rows.
/// Each worker owns an independent copy of the templates (shared template storage would make
/// the threads contend on reference counts); at most `workers` batches are in flight, so memory
/// stays bounded. The first error stops further submissions and is rethrown.
final class RenderPool: Sendable {
    private let free: Locked<[TemplateSet]>
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let queue = DispatchQueue(label: "telemetry-site.render", attributes: .concurrent)
    private let state = Locked<(pages: Int, error: (any Error)?)>((0, nil))

    init(templates: TemplateSet, workers: Int) {
        let count = templates.isCompiled ? max(1, workers) : 1
        free = Locked((0..<count).map { _ in templates.independentCopy() })
        slots = DispatchSemaphore(value: count)
    }

    /// The number of workers for this machine: one per core, at least one.
    static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `job` on a worker with that worker's templates; `job` returns the pages it wrote.
    func submit(_ job: @escaping @Sendable (TemplateSet) throws -> Int) throws {
        if let error = state.withLock({ $0.error }) { throw error }
        slots.wait()
        let templates = free.withLock { $0.removeLast() }
        queue.async(group: group) { [self] in
            do {
                let pages = try job(templates)
                state.withLock { $0.pages += pages }
            } catch {
                state.withLock { if $0.error == nil { $0.error = error } }
            }
            free.withLock { $0.append(templates) }
            slots.signal()
        }
    }

    /// Makes every later `submit` throw (the build failed elsewhere; producers stop early).
    func cancel() {
        state.withLock { if $0.error == nil { $0.error = CancellationError() } }
    }

    /// Waits for every submitted job; the pages they wrote, or the first error.
    func finish() throws -> Int {
        group.wait()
        let (pages, error) = state.withLock { ($0.pages, $0.error) }
        if let error { throw error }
        return pages
    }
}

import Dispatch
import Foundation
import SystemIO

/// Runs jobs on background threads while the caller's thread streams their input. Each worker
/// owns one `Resource` (page rendering gives every worker an independent copy of the templates,
/// so threads never contend on shared reference counts); at most one job per resource is in
/// flight, so memory stays bounded. The first error stops further submissions and is rethrown.
///
/// Each worker has a serial queue of its own. (One concurrent queue would draw its threads from
/// Dispatch's pool of one per core, which other blocking work such as a `BackgroundJob` shares:
/// on two cores the second worker got no thread for the first half of a build.)
public final class WorkerPool<Resource: Sendable>: Sendable {
    private let resources: [Resource]
    private let queues: [DispatchQueue]
    /// The workers (indices into `resources` and `queues`) with no job in flight.
    private let free: Locked<[Int]>
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let state = Locked<(done: Int, error: (any Error)?)>((0, nil))

    /// - Parameter resources: one per worker (at least one).
    public init(resources: [Resource]) {
        precondition(!resources.isEmpty, "a pool needs at least one worker")
        self.resources = resources
        queues = resources.indices.map { DispatchQueue(label: "telemetry-site.worker-\($0)") }
        free = Locked(Array(resources.indices))
        slots = DispatchSemaphore(value: resources.count)
    }

    /// One worker per core, at least one.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `job` on a free worker with that worker's resource, waiting while all are busy;
    /// `job` returns how many items it completed (pages written).
    /// - Throws: the first error of an earlier job, or `CancellationError` after `cancel()`.
    public func submit(_ job: @escaping @Sendable (Resource) throws -> Int) throws {
        if let error = state.withLock({ $0.error }) { throw error }
        slots.wait()
        let worker = free.withLock { $0.removeLast() }
        queues[worker].async(group: group) { [self] in
            do {
                let done = try job(resources[worker])
                state.withLock { $0.done += done }
            } catch {
                state.withLock { if $0.error == nil { $0.error = error } }
            }
            free.withLock { $0.append(worker) }
            slots.signal()
        }
    }

    /// Makes every later `submit` throw (the work failed elsewhere; producers stop early).
    public func cancel() {
        state.withLock { if $0.error == nil { $0.error = CancellationError() } }
    }

    /// Waits for every submitted job; the items they completed, or the first error.
    public func finish() throws -> Int {
        group.wait()
        let (done, error) = state.withLock { ($0.done, $0.error) }
        if let error { throw error }
        return done
    }
}

/**
 * Paddock's control plane, one package per feature, in floors: a package imports only from floors
 * below its own, and no two packages import each other ({@code ArchitectureTest} holds both).
 *
 * <ol>
 *   <li>Ground: {@code web} (problem+json), {@code units}, {@code leader}, {@code lifecycle} (a
 *       look at every interval); and the two contracts with the outside, {@code routing} (the edge:
 *       {@code Router}, {@code Route}; httpd in {@code routing.httpd}) and {@code sandbox} (the
 *       engine: {@code SandboxDriver}, {@code SandboxSpec}, {@code Limits}; Docker and Kubernetes
 *       in sub-packages). These two know no feature: what an engine needs of one ({@code
 *       ArtifactSource}, {@code TenantBudget}) is an interface here that the feature implements.
 *   <li>Vocabulary: {@code naming}, {@code jvm}, {@code events}.
 *   <li>Who: {@code auth} (callers and roles; {@code CallerLookup} is implemented by {@code user}),
 *       {@code streams}, {@code tenant}, {@code user}, {@code audit}.
 *   <li>What: {@code app} (apps, their scope and the events a write publishes, {@code AppChanged}
 *       and {@code RoutesChanged}), then {@code release}, {@code domain}, {@code metrics}, {@code
 *       logs}, {@code diagnostics}, then {@code deploy}, {@code recycle}, {@code idle} (apps asleep
 *       when idle) and {@code aot} (per-release AOT caches).
 *   <li>Top: {@code reconcile}, which listens to those events and brings engine and edge to the
 *       database, and {@code settings}. No controller imports {@code reconcile}.
 * </ol>
 */
package dev.paddock;

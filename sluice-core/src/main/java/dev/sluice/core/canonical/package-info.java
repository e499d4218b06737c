/**
 * The canonical chat model every dialect and provider codec translates to and from (DESIGN.md §2): N + M
 * translations instead of N × M. Plain immutable records, no JSON, no HTTP.
 *
 * <ul>
 *   <li>{@link dev.sluice.core.canonical.ChatRequest}: messages of typed {@link dev.sluice.core.canonical.Part}s,
 *       tools, tool choice, generation settings.
 *   <li>{@link dev.sluice.core.canonical.ChatResponse}: the answer's parts, finish reason, usage.
 *   <li>{@link dev.sluice.core.canonical.StreamEvent}: the canonical stream (start, text / reasoning deltas,
 *       tool-call start / delta / end, finish, usage, error, end).
 *   <li>Codec contracts: {@link dev.sluice.core.canonical.ProviderCodec} (what an upstream speaks) and
 *       {@link dev.sluice.core.canonical.DialectCodec} (what a caller speaks).
 * </ul>
 */
package dev.sluice.core.canonical;

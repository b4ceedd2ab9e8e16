/**
 * The Dockerfile front end of the builder, pure Java and free of I/O except the context walk:
 * <ul>
 *   <li>{@link dev.berth.dockerfile.Dockerfile#parse} turns a Dockerfile into global ARGs and
 *       {@link dev.berth.dockerfile.Stage}s of typed {@link dev.berth.dockerfile.Instruction}s, with
 *       Docker's parser rules (directives, continuations, JSON and shell forms, heredocs, flags);
 *       errors are {@link dev.berth.dockerfile.DockerfileException}s naming the line.</li>
 *   <li>{@link dev.berth.dockerfile.ShellLex} is Docker's word expansion ({@code $x}, {@code ${x:-y}},
 *       quotes, escapes); {@link dev.berth.dockerfile.Instruction#expand} applies it to exactly the
 *       words Docker expands, and reports which variables were used (for the cache key);
 *       {@link dev.berth.dockerfile.StageScope} keeps a stage's ARG and ENV scope as the classic
 *       builder does.</li>
 *   <li>{@link dev.berth.dockerfile.DockerIgnore} is Docker's {@code .dockerignore} (moby
 *       patternmatcher rules) with a context walk that skips excluded directories.</li>
 * </ul>
 */
package dev.berth.dockerfile;

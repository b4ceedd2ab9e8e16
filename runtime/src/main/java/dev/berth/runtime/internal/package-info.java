/** Helpers of the runtime module that are not its API: running short commands, /proc facts, kernel file reads. */
package dev.berth.runtime.internal;

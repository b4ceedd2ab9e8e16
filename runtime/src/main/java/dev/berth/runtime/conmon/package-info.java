/**
 * Containers and exec sessions under conmon ({@link dev.berth.runtime.conmon.Conmon}): the exec
 * root's layout ({@link dev.berth.runtime.conmon.ExecRoot}, {@link dev.berth.runtime.conmon.ContainerPaths},
 * {@link dev.berth.runtime.conmon.ExecPaths}), the launch and its sync pipe, the attach socket
 * protocol ({@link dev.berth.runtime.conmon.AttachConnection}), terminal resize, the
 * {@code k8s-file} log ({@link dev.berth.runtime.conmon.K8sFileLogReader}), exit files and their
 * inotify watch ({@link dev.berth.runtime.conmon.ExitMonitor}), OOM detection, Docker's exit codes
 * for start failures ({@link dev.berth.runtime.conmon.RuntimeErrors}), and recovery after a daemon
 * restart ({@link dev.berth.runtime.conmon.Conmon#recover}).
 */
package dev.berth.runtime.conmon;

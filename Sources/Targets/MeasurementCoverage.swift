/// What each target's number covers, for every workload mode, in one place: which
/// processes, which phases and which daemons a measurement includes. The report shows it
/// next to each table, so a ratio between two targets says what it compares.
public enum MeasurementCoverage {
    /// `run` mode (create-to-exit of a short command, the container deleted afterwards).
    public static func run(_ target: String) -> String {
        switch target {
        case "cbench-oci", "crun", "runc":
            return "`\(target) create`, `\(target) start` (two processes of the runtime), the wait for the container's exit, `\(target) delete`"
        case "cbench-oci-lib":
            return "the same runtime in process: create, start, wait, delete; no CLI process start-up"
        case "cbench-app":
            return "one `cbench app run --rm` process: image lookup, overlay root, cgroup, Docker's security defaults, the container, its removal (no daemon)"
        case "cbench-app-lib":
            return "the same in process: record, overlay root, cgroup, launch, wait, removal; no CLI process start-up"
        case "podman-crun", "podman-runc", "podman-cbench":
            return "one `podman run --rm --network none` process with conmon and \(podmanRuntime(target)): the container and its removal (no daemon)"
        case "docker", "docker-cbench":
            return "one `docker run --rm --network none` client process: the wall time includes dockerd, containerd, the shim and \(dockerRuntime(target)) doing the work (their idle cost between runs is not counted)"
        case "lxc":
            return "one `lxc-execute` process: LXC's monitor, lxc-init as PID 1, the command"
        case "unshare":
            return "one `unshare --pid --mount --uts --ipc --net --fork` process running the command from the host: no root file system, cgroup or runtime (the floor)"
        case "noop":
            return "nothing: two clock readings (what the harness adds inside a measured span)"
        default:
            return "create to exit as the target exposes it"
        }
    }

    /// `start-until-running` mode (create and start a long-lived workload; stop is a phase of its own).
    public static func startUntilRunning(_ target: String) -> String {
        switch target {
        case "cbench-oci", "crun", "runc":
            return "`\(target) create` + `\(target) start`"
        case "cbench-system":
            return "in process: the container's init started until RUNNING"
        case "lxc":
            return "`lxc-start -d` + `lxc-wait -s RUNNING`"
        case "cbench-app", "podman-crun", "podman-runc", "podman-cbench", "docker", "docker-cbench":
            return "one detached `run -d` command until it returns"
        default:
            return "create to started as the target exposes it"
        }
    }

    /// `boot-run-halt` mode (system containers: boot until RUNNING, a command attached, a clean halt).
    public static func bootRunHalt(_ target: String) -> String {
        switch target {
        case "cbench-system":
            return "in process: /sbin/init started until RUNNING, the command attached until it exits, a clean halt of the init"
        case "lxc":
            return "`lxc-start -d` + `lxc-wait -s RUNNING` with /sbin/init, `lxc-attach` until the command exits, `lxc-stop` (a clean halt)"
        default:
            return "boot until running, the command attached, a clean halt"
        }
    }

    /// A density ramp's start of one idle container that stays running.
    public static func idleStart(_ target: String) -> String {
        switch target {
        case "cbench-oci", "crun", "runc":
            return "`\(target) run --detach` until it returns (the container runs)"
        case "cbench-app":
            return "`cbench app run -d` until it returns (the container runs under the store's monitor)"
        case "cbench-system":
            return "start in process (overlay root, namespaces, cgroup, init) until the readiness marker exists"
        case "lxc":
            return "`lxc-start -d`, `lxc-wait -s RUNNING`, then until the readiness marker exists"
        case "podman-crun", "podman-runc", "podman-cbench":
            return "`podman run --detach` until it returns (conmon and the container run)"
        case "docker", "docker-cbench":
            return "`docker run --detach` until it returns (dockerd, containerd and the shim start it)"
        default:
            return "start of an idle container until it runs, as the target exposes it"
        }
    }

    /// The runtime under podman in a `podman-*` target's name.
    static func podmanRuntime(_ target: String) -> String {
        target == "podman-cbench" ? "cbench-oci" : String(target.dropFirst("podman-".count))
    }

    static func dockerRuntime(_ target: String) -> String {
        target == "docker-cbench" ? "cbench-oci" : "runc"
    }
}

#!/usr/bin/env bash
# Proves the CPU trainer image by running what is inside it, without a container runtime: the
# image Jib built (trainer/target/jib-image.tar, an OCI tarball) is unpacked with umoci and its
# entrypoint runs the way the operator's Job runs it: as the image's user (1000:1000), with the
# image's environment and entrypoint, the pod's environment and arguments, a read-only root
# (unshare --mount + chroot with read-only bind mounts), no network, the config.json the
# operator would mount (rendered offline from the manifest by the operator's own code,
# dev.plateau.operator.RenderTrainerPod), the dataset claim read-only at /data, a writable
# checkpoint volume at /checkpoints, an emptyDir at /tmp and /dev/termination-log.
#
#   images/run-from-image.sh [MANIFEST] [DATA_ROOT]     (as root, from the repository root)
#   images/run-from-image.sh --operator                 (the operator image, with no cluster)
#
# MANIFEST defaults to examples/fashion-mnist.yaml, DATA_ROOT (what the dataset claim holds) to
# /usr/share/datasets. Build first:
#   base=$(images/build-base.sh)
#   ./mvnw -Pimages -pl operator,trainer -am package jib:buildTar -DskipTests -Dimage.base=tar://$base
# With EXTRACT_AT_START=1 the trainer gets libtorch as the Dockerfiles give it (the 110 MB jar,
# which DJL unpacks into /tmp at every start) instead of the image's unpacked copy, to compare.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "run-from-image: run as root (unshare, mount, chroot)" >&2; exit 2; }

# Unpacks the OCI tarball $1 into a new work dir: $work/bundle/rootfs, and umoci's runtime
# config (the image's user, environment and entrypoint) in $work/bundle/config.json.
unpack() {
  [ -f "$1" ] || { echo "run-from-image: $1 missing: build it first (see the header)" >&2; exit 2; }
  work=$(mktemp -d /var/tmp/plateau-image.XXXXXX)
  echo "work dir: $work"
  mkdir -p "$work/layout" "$work/volumes/tmp" "$work/pod"
  tar -xf "$1" -C "$work/layout"
  local ref
  ref=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$work/layout/index.json")
  umoci unpack --image "$work/layout:$ref" "$work/bundle" >/dev/null
  rootfs="$work/bundle/rootfs"
  mkdir -p "$rootfs/proc" "$rootfs/tmp"
  touch "$rootfs/etc/hosts" "$work/pod/mounts"
}

# The process to run: the image's user, environment and entrypoint, then the pod's environment
# ($work/pod/env, if any) over the image's and the pod's arguments ($work/pod/args) after the
# entrypoint, as Kubernetes combines them.
process() {
  python3 - "$work" <<'PY'
import json, sys, os
work = sys.argv[1]
proc = json.load(open(os.path.join(work, "bundle", "config.json")))["process"]
env = dict(e.split("=", 1) for e in proc["env"])
args = list(proc["args"])
pod = os.path.join(work, "pod")
if os.path.exists(os.path.join(pod, "env")):
    env.update(line.rstrip("\n").split("=", 1) for line in open(os.path.join(pod, "env")))
if os.path.exists(os.path.join(pod, "args")):
    args += [l.rstrip("\n") for l in open(os.path.join(pod, "args"))]
open(os.path.join(work, "run.env"), "w").write("".join(f"{k}={v}\n" for k, v in env.items()))
open(os.path.join(work, "run.args"), "w").write("\0".join(args))
open(os.path.join(work, "run.user"), "w").write(f"{proc['user']['uid']}:{proc['user']['gid']}")
PY
  user=$(cat "$work/run.user")
  chown -R "$user" "$work/volumes"
}

# Runs the process in the root filesystem as a pod would: its own mount namespace, no network,
# the root read-only, /proc, a /dev with the usual devices and the termination log, the pod's
# own /etc/hosts (as the kubelet writes it), an emptyDir at /tmp and the mounts listed in
# $work/pod/mounts ("path kind readOnly" lines). Returns the process's exit code.
run() {
  set +e
  unshare --mount --net --propagation private bash -euo pipefail -c '
    work="$1"; rootfs="$2"; data="$3"; user="$4"
    mount --bind "$rootfs" "$rootfs"
    mount -o remount,bind,ro "$rootfs"
    mount -t proc proc "$rootfs/proc"
    mount -t tmpfs -o mode=755 tmpfs "$rootfs/dev"
    for d in null zero random urandom; do touch "$rootfs/dev/$d"; mount --bind "/dev/$d" "$rootfs/dev/$d"; done
    touch "$rootfs/dev/termination-log"
    mount --bind "$work/volumes/termination-log" "$rootfs/dev/termination-log"
    mount -o remount,bind,ro "$rootfs/dev"
    printf "127.0.0.1 localhost\n127.0.1.1 %s\n" "$(hostname)" > "$work/hosts"
    mount --bind -o ro "$work/hosts" "$rootfs/etc/hosts"
    mount --bind "$work/volumes/tmp" "$rootfs/tmp"
    while read -r path kind ro; do
      case "$kind" in
        config) src="$work/pod/config" ;;
        emptyDir | termination-log) continue ;;
        *-checkpoints) src="$work/volumes/checkpoints" ;;
        *) src="$data" ;;
      esac
      mount --bind "$src" "$rootfs$path"
      if [ "$ro" = true ]; then mount -o remount,bind,ro "$rootfs$path"; fi
    done < "$work/pod/mounts"
    if [ -d "$work/native" ]; then mount --bind -o ro "$work/native" "$rootfs/opt/native"; fi
    mapfile -d "" -t args < "$work/run.args"
    mapfile -t env < "$work/run.env"
    exec chroot --userspec="$user" "$rootfs" /usr/bin/env -i "${env[@]}" "${args[@]}"
  ' run "$work" "$rootfs" "${data_root:-/nonexistent}" "$user"
  local rc=$?
  set -e
  return $rc
}

if [ "${1:-}" = --operator ]; then
  # The operator image's entrypoint with no cluster to find: it must start and exit 1 with its
  # one sentence.
  unpack operator/target/jib-image.tar
  touch "$work/volumes/termination-log"
  process
  rc=0
  run 2>&1 | tee "$work/operator.log" || rc=${PIPESTATUS[0]}
  echo "exit code: $rc"
  if [ "$rc" -eq 1 ] && grep -q "cannot start: " "$work/operator.log"; then exit 0; fi
  echo "run-from-image: the operator image did not end with its one sentence" >&2
  exit 1
fi

manifest="${1:-examples/fashion-mnist.yaml}"
data_root="${2:-/usr/share/datasets}"
unpack trainer/target/jib-image.tar

# What the operator would give the pod, by its own code.
java -cp "operator/target/plateau-operator-$(./mvnw -q help:evaluate -Dexpression=project.version -DforceStdout -N 2>/dev/null).jar:operator/target/lib/*" \
  dev.plateau.operator.RenderTrainerPod "$manifest" "$work/pod"
mkdir -p "$work/pod/config" && mv "$work/pod/config.json" "$work/pod/config/"

# The volumes: read-only config and data, a writable checkpoint volume, /tmp, the termination log.
mkdir -p "$work/volumes/checkpoints"
touch "$work/volumes/termination-log"
while read -r path kind ro; do mkdir -p "$rootfs$path"; done < <(grep -v termination-log "$work/pod/mounts")
process

if [ "${EXTRACT_AT_START:-0}" = 1 ]; then
  native=$(ls trainer/target/lib/pytorch-native-cpu-*-linux-x86_64.jar)
  mkdir -p "$work/native" "$rootfs/opt/native" && cp "$native" "$work/native/"
  sed -i '/^PYTORCH_LIBRARY_PATH=/d;/^PYTORCH_VERSION=/d;/^PYTORCH_FLAVOR=/d' "$work/run.env"
  cp_file=$(cat "$rootfs/app/jib-classpath-file"):/opt/native/$(basename "$native")
  python3 - "$work/run.args" "$cp_file" <<'PY'
import sys
args = open(sys.argv[1]).read().split("\0")
args = [sys.argv[2] if a == "@/app/jib-classpath-file" else a for a in args]
open(sys.argv[1], "w").write("\0".join(args))
PY
fi

start=$(date +%s.%N)
rc=0
run || rc=$?
end=$(date +%s.%N)

echo "exit code: $rc, $(python3 -c "print(round($end - $start, 1))") s"
echo "termination message: $(cat "$work/volumes/termination-log")"
echo "checkpoint volume:"
(cd "$work/volumes/checkpoints" && find . -maxdepth 2 | sort | sed 's/^/  /')
echo "/tmp after the run: $(du -sh "$work/volumes/tmp" | cut -f1)"
exit $rc

#!/usr/bin/env bash
# Times the OCI image tier (packaging/image/build.sh, then the podman runs of
# tests/oci_image_test.cpp) from cold and warm, for CI's budget:
#   cold, no deb cache   empty root cache, every .deb downloaded from the mirror (CI's case
#                        when scripts/setup.sh did not download them)
#   cold, apt cache      empty root cache, debs from /var/cache/apt/archives where present
#   warm                 the debootstrapped root reused (a second `make test`)
#
#   bash bench/image_build.sh DEB [OUT_DIR]      (root; prints a Markdown table)
#
# CPU is user+sys of the whole process tree (GNU time), RSS the largest process's peak; wall
# times are noise on a shared machine but the budget is in wall time, so they are printed too.
set -euo pipefail
deb=$(realpath -e "${1:?usage: bench/image_build.sh DEB [OUT_DIR]}")
out=$(realpath -m "${2:-build/bench-image}")
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"

timed() {  # LABEL COMMAND...: one table row
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >"$out/log" 2>&1 ||
    { cat "$out/log" >&2; exit 1; }
  read -r wall user sys rss <"$out/time"
  printf '| %s | %s | %.1f | %d |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

# The test's runs: load the archive, run `check -f json .` on the demo (exit 1: findings).
podman_run() {
  local store="$out/podman"
  rm -rf "$store"
  local p=(podman --root "$store/storage" --runroot "$store/run" --storage-driver vfs
           --cgroup-manager cgroupfs --events-backend file --runtime runc)
  "${p[@]}" load --quiet -i "$out/rightfit.oci.tar"
  "${p[@]}" run --rm --network none --user 65534:65534 --ulimit nofile=4096:4096 \
    --ulimit nproc=4096:4096 -v "$here/fixtures/demo:/src:ro" \
    "localhost/rightfit:$(dpkg-deb -f "$deb" Version)" check -f json . >/dev/null || [ $? -eq 1 ]
  rm -rf "$store"
}
export deb out here
build=(bash "$here/packaging/image/build.sh" --cache "$out/cache" "$deb" "$out/rightfit.oci.tar")

echo "| run | wall s | CPU s (user+sys) | peak RSS MB |"
echo "|---|---|---|---|"
rm -rf "$out/cache"
timed "build.sh, cold, no deb cache" env RIGHTFIT_IMAGE_DEB_CACHE= "${build[@]}"
rm -rf "$out/cache"
timed "build.sh, cold, apt cache" "${build[@]}"
timed "build.sh, warm" "${build[@]}"
timed "podman load + run (check -f json)" bash -c "set -e; $(declare -f podman_run); podman_run"
echo
echo "image archive: $(du -h "$out/rightfit.oci.tar" | cut -f1); root: $(du -sh "$out"/cache/root-???????????????? | cut -f1)"

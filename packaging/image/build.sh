#!/usr/bin/env bash
# Builds rightfit's OCI image from Debian packages only, with no base image from a registry:
# debootstrap a minimal Debian 12 root holding the runtime libraries the .deb depends on,
# install the .deb into it, strip what a container never reads, and assemble the image with
# buildah (from scratch). Writes an OCI archive. Root only (debootstrap, chroot, buildah mount).
#
#   packaging/image/build.sh [--cache DIR] [--revision SHA] DEB OUT.oci.tar
#
#   DEB         the Debian package (`make package`: build/rightfit_<version>_<arch>.deb)
#   OUT         the OCI archive to write; its image is named rightfit:<version>
#   --cache     where the debootstrapped root is kept between runs, keyed by the package list
#               (default: the directory of OUT, image-cache/); a second build reuses it
#   --revision  the source commit, for the org.opencontainers.image.revision label
#
# The mirror is the machine's own: the first apt source (deb822 `.sources` or sources.list)
# that serves the suite, or $RIGHTFIT_IMAGE_MIRROR. Packages already in apt's archive cache
# ($RIGHTFIT_IMAGE_DEB_CACHE, default /var/cache/apt/archives, filled by scripts/setup.sh; empty:
# none) are not downloaded again, and what debootstrap downloads is kept there.
set -euo pipefail

readonly suite=bookworm
usage() { sed -n '7,13s/^# \{0,1\}//p' "$0"; }
die() { echo "image: $*" >&2; exit 2; }

cache="" revision=""
while (($#)); do
  case "$1" in
    --cache) cache="${2:?--cache needs a directory}"; shift 2 ;;
    --revision) revision="${2:?--revision needs a commit}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option '$1' (--cache, --revision or --help)" ;;
    *) break ;;
  esac
done
(($# == 2)) || { usage >&2; exit 2; }
deb=$(realpath -e "$1") || die "no package at '$1'"
out=$(realpath -m "$2")
[ -n "$cache" ] || cache="$(dirname "$out")/image-cache"
mkdir -p "$cache"
cache=$(realpath "$cache")

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and buildah mount)"
for tool in debootstrap buildah dpkg-deb chroot sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (scripts/setup.sh --test installs it)"
done

# The first URI of an apt source that lists $suite itself (not -updates, -security).
mirror_of_apt_sources() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    # deb822: blank-line separated stanzas with `URIs:` and `Suites:` fields.
    awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; hit = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, w, /[ \t]+/); uri = w[2] }
          if ($i ~ /^Suites:/) { n = split($i, w, /[ \t]+/); for (j = 2; j <= n; j++) if (w[j] == suite) hit = 1 }
        }
        if (hit && uri != "") { print uri; exit }
      }' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    # One-line format: deb [options] URI SUITE COMPONENTS...
    sed -E 's/\[[^]]*\]//' "$file" |
      awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }'
  done
}
mirror="${RIGHTFIT_IMAGE_MIRROR:-$(mirror_of_apt_sources | head -n 1)}"
[ -n "$mirror" ] || die "no apt source serves '$suite' (set RIGHTFIT_IMAGE_MIRROR)"

version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
# The runtime libraries: the package's Depends by name (debootstrap resolves theirs).
include=$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/[[:space:]]//g' |
  grep -v '^$' | sort -u | paste -sd, -)

# --- the root, debootstrapped once per package list ---
key=$(printf '%s\n' "$suite" "$arch" minbase "$include" | sha256sum | cut -c1-16)
root="$cache/root-$key"
if [ ! -f "$root.done" ]; then
  rm -rf "$cache"/root-* "$cache"/building
  deb_cache=()
  # apt's own archive cache: what setup.sh already downloaded is not fetched again.
  archives=${RIGHTFIT_IMAGE_DEB_CACHE-/var/cache/apt/archives}
  [ -n "$archives" ] && [ -w "$archives" ] && deb_cache=(--cache-dir="$(realpath "$archives")")
  echo "image: debootstrap $suite ($arch) with $include from $mirror"
  debootstrap --variant=minbase --arch="$arch" "${deb_cache[@]}" --include="$include" \
    "$suite" "$cache/building" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    die "debootstrap failed, see $cache/debootstrap.log"
  # The archives are in the deb cache (or gone): the image never needs them.
  find "$cache/building/var/cache/apt/archives" -name '*.deb' -delete
  mv "$cache/building" "$root"
  touch "$root.done"
else
  echo "image: reusing the root in $root"
fi

# --- the image ---
work=$(mktemp -d "$cache/buildah.XXXXXX")
# Private storage (vfs: no overlay mounts needed) so nothing touches the machine's images.
bah=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
ctr=""
cleanup() {
  [ -z "$ctr" ] || "${bah[@]}" rm "$ctr" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

ctr=$("${bah[@]}" from --isolation chroot scratch)
mnt=$("${bah[@]}" mount "$ctr")
cp -a "$root/." "$mnt/"
cp "$deb" "$mnt/tmp/rightfit.deb"
chroot "$mnt" dpkg -i /tmp/rightfit.deb >"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; die "dpkg -i failed in the image root"; }
chroot "$mnt" rightfit --version >/dev/null || die "the installed rightfit does not run"
# What a container never reads: package lists and archives, logs, documentation (each
# package's copyright stays), manual pages, translations.
rm -f "$mnt/tmp/rightfit.deb"
rm -rf "$mnt"/var/lib/apt/lists/* "$mnt"/var/cache/apt/* "$mnt"/var/cache/debconf/*-old \
  "$mnt"/var/log/* "$mnt"/usr/share/man "$mnt"/usr/share/info "$mnt"/usr/share/locale
find "$mnt/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$mnt/usr/share/doc" -mindepth 1 -type d -empty -delete
"${bah[@]}" umount "$ctr" >/dev/null

labels=(
  --label org.opencontainers.image.title=rightfit
  --label "org.opencontainers.image.description=$(dpkg-deb -f "$deb" Description | head -n 1)"
  --label "org.opencontainers.image.version=$version"
  --label org.opencontainers.image.licenses=Apache-2.0
  --label "org.opencontainers.image.source=$(dpkg-deb -f "$deb" Homepage)"
)
[ -z "$revision" ] || labels+=(--label "org.opencontainers.image.revision=$revision")
# pre-commit's docker_image hooks mount the repository at /src and run as the user's uid:
# the C++ facts cache goes to /tmp, which any uid may write.
"${bah[@]}" config --os linux --arch "$arch" --entrypoint '["rightfit"]' --cmd '["check", "."]' \
  --workingdir /src --env PATH=/usr/local/bin:/usr/bin:/bin --env XDG_CACHE_HOME=/tmp \
  "${labels[@]}" "$ctr"
"${bah[@]}" commit --quiet --format oci "$ctr" "rightfit:$version" >/dev/null
rm -f "$out"
"${bah[@]}" push --quiet "rightfit:$version" "oci-archive:$out:rightfit:$version"
echo "image: wrote $out (rightfit:$version)"

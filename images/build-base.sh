#!/usr/bin/env bash
# A JRE 17 base image from Debian packages, without Docker: debootstrap bookworm (minbase) with
# openjdk-17-jre-headless -> umoci (an OCI layout) -> skopeo (a docker-archive, the form Jib's
# tar:// base needs). The root filesystem is cached between runs.
#
#   images/build-base.sh [CACHE_DIR]      (as root; default /var/cache/plateau-images)
#
# Writes CACHE_DIR/base.tar and prints its path; then build the images onto it with
#   ./mvnw -Pimages -pl operator,trainer -am package jib:buildTar -DskipTests \
#     -Dimage.base=tar://CACHE_DIR/base.tar
set -euo pipefail

cache="${1:-/var/cache/plateau-images}"
mkdir -p "$cache"
cd "$cache"

if [ ! -x rootfs/usr/bin/java ]; then
  rm -rf rootfs
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm rootfs \
    http://deb.debian.org/debian >&2
fi

# Nothing the image needs at run time: package caches and lists.
rm -rf rootfs/var/cache/apt/archives/*.deb rootfs/var/lib/apt/lists/*

if [ ! -f base.tar ] || [ rootfs -nt base.tar ]; then
  rm -rf layout bundle base.tar
  umoci init --layout layout >&2
  umoci new --image layout:bookworm-jre17 >&2
  umoci unpack --image layout:bookworm-jre17 bundle >&2
  cp -a rootfs/. bundle/rootfs/
  umoci repack --image layout:bookworm-jre17 bundle >&2
  umoci config --image layout:bookworm-jre17 \
    --config.env PATH=/usr/local/bin:/usr/bin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 >&2
  skopeo copy --quiet oci:layout:bookworm-jre17 docker-archive:base.tar:plateau-base:bookworm-jre17 >&2
  rm -rf bundle
fi
echo "$cache/base.tar"

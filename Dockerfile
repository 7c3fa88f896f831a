# finack in a container.
#   docker build -t finack .
#   docker run --rm --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add NET_RAW \
#     -v "$PWD/captures:/captures" finack
# SYS_ADMIN lets finack unshare its own network namespace, NET_ADMIN set lo's settings there
# (through rtnetlink, since a container's /proc/sys is read-only) and its nft table, NET_RAW
# capture and inject on lo; nothing touches the host's network.
#
# Every stage starts FROM debian:bookworm-slim so the same file builds on a Docker host and
# with shared/tools/container-check, which can only provide that one base image.

# Build stage: the JDK and Maven stay here, out of the runtime image.
FROM debian:bookworm-slim AS build
# Extra CAs (usually none) for a proxy that re-signs TLS; see docker/ca-certificates/README.md.
# Copied before the install so the ca-certificates and ca-certificates-java setup picks them up.
COPY docker/ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jdk-headless maven \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The POM alone first, so the dependency download is a cached layer that only a change to
# pom.xml invalidates, not every source edit.
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src ./src
RUN mvn -q -B -DskipTests package

# Runtime stage: a JRE plus what finack drives at run time: libpcap, nft, python3 for
# scripts' python blocks (%{ ... }%), and iproute2 (ip, tc) for packetdrill's tun0 and the
# shell lines of packetdrill's scripts.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless libpcap0.8 nftables python3 iproute2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/finack.jar /opt/finack/finack.jar
# The launcher's JVM settings, and a class data archive written by this image's own JVM (an
# archive holds only for the JVM and jar that wrote it): see src/main/jvm/finack.options.
COPY src/main/jvm/finack.options scripts/class-archive /opt/finack/
RUN /opt/finack/class-archive /opt/finack/finack.jar /opt/finack/finack.jsa /opt/finack/finack.options
VOLUME /captures
# The working directory is the volume, so a relative path given to finack (a pcap to
# analyze, an experiment script, --out DIR) means a file in the mounted host folder.
WORKDIR /captures
# The image runs as root: C1's compiler thread at nice -5, as the launcher does for root
# (where the container lacks CAP_SYS_NICE, the JVM goes on at the normal priority).
ENTRYPOINT ["java", "@/opt/finack/finack.options", "-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=10", "-XX:SharedArchiveFile=/opt/finack/finack.jsa", "-jar", "/opt/finack/finack.jar"]
CMD ["run", "--out", "/captures", "--json"]

# Finds a JDK new enough for Annals and exports it as JAVA_HOME. Sourced (POSIX sh) by ./mvnw, ./demo, bench/run
# and .ci/run, so every command the README shows runs on the same JDK, and every JVM the build starts (tests,
# devstack's broker and services) inherits it through java.home.
#
# Where it looks, in order: $JAVA_HOME, the `java` on the PATH, then the usual install locations (Debian/Ubuntu
# /usr/lib/jvm, Fedora/RHEL /usr/lib/jvm and /usr/java, /opt, SDKMAN!, IntelliJ's ~/.jdks, asdf, macOS). The first
# two are taken if new enough; among the install locations the newest JDK wins. If none is found it stops with a
# message naming the JDK needed and every place it looked.
#
# ANNALS_MIN_JAVA overrides the required feature release (default 21: maven.compiler.release in pom.xml).

annals_min_java="${ANNALS_MIN_JAVA:-21}"

# The feature release of the JDK at $1 (17, 21, 25 ...), or nothing if $1 is not a JDK with javac.
annals_jdk_release() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    if [ -r "$1/release" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | sed 's/^1$/8/'
    else
        "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p' | sed 's/^1$/8/'
    fi
}

annals_jdk_ok() {
    annals_release="$(annals_jdk_release "$1")"
    [ -n "$annals_release" ] && [ "$annals_release" -ge "$annals_min_java" ]
}

annals_find_jdk() {
    annals_looked=""
    if [ -n "${JAVA_HOME-}" ]; then
        if annals_jdk_ok "$JAVA_HOME"; then return 0; fi
        annals_looked="$annals_looked
  JAVA_HOME=$JAVA_HOME (release ${annals_release:-unknown})"
    fi
    annals_path_java="$(command -v java 2>/dev/null || true)"
    if [ -n "$annals_path_java" ]; then
        annals_home="$(dirname "$(dirname "$(readlink -f "$annals_path_java" 2>/dev/null || echo "$annals_path_java")")")"
        if annals_jdk_ok "$annals_home"; then
            [ -z "${JAVA_HOME-}" ] || echo "JAVA_HOME ($JAVA_HOME) is older than JDK $annals_min_java; using $annals_home" >&2
            JAVA_HOME="$annals_home"; return 0
        fi
        annals_looked="$annals_looked
  java on the PATH: $annals_path_java (release ${annals_release:-unknown})"
    fi
    annals_best="" annals_best_release=0
    # ./mvnw runs under `set -f`: globbing is needed here, and restored after
    annals_noglob=""
    case $- in *f*) annals_noglob=1; set +f ;; esac
    for annals_candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
        "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* \
        /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$annals_candidate" ] || continue
        if annals_jdk_ok "$annals_candidate" && [ "$annals_release" -gt "$annals_best_release" ]; then
            annals_best="$annals_candidate" annals_best_release="$annals_release"
        fi
    done
    [ -z "$annals_noglob" ] || set -f
    if [ -n "$annals_best" ]; then
        [ -z "${JAVA_HOME-}" ] || echo "JAVA_HOME ($JAVA_HOME) is older than JDK $annals_min_java; using $annals_best" >&2
        JAVA_HOME="$annals_best"; return 0
    fi
    cat >&2 <<EOF
Annals needs a JDK $annals_min_java or newer (with javac), and found none. Looked at:${annals_looked:-
  (JAVA_HOME unset, no java on the PATH)}
  /usr/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/*jdk*, ~/.sdkman/candidates/java/*, ~/.jdks/*,
  ~/.asdf/installs/java/*, /Library/Java/JavaVirtualMachines/*
Install one (e.g. Temurin $annals_min_java from https://adoptium.net) and set JAVA_HOME to it.
EOF
    return 1
}

if annals_find_jdk; then
    export JAVA_HOME
    PATH="$JAVA_HOME/bin:$PATH"
    export PATH
else
    exit 1
fi

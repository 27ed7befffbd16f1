#!/usr/bin/env bash
# A real local SolrCloud for peyvand's tests and benchmarks: NODES Jetty nodes (default 2) and an
# embedded ZooKeeper in one JVM, listening on 127.0.0.1 only, from Solr 9.10.1's Maven artifacts
# (MiniSolrCloudCluster, see src/main/java/peyvand/LocalCloud.java).
#
#   solr/cluster.sh start [NODES]   build if needed, start, print the engine URL on the last line
#   solr/cluster.sh stop            stop it (and remove its data)
#   solr/cluster.sh url             print the engine URL of the running cluster
#
# State lives in $PEYVAND_SOLR_STATE (default: solr/.cluster in this checkout); the JVM's heap is
# $PEYVAND_SOLR_HEAP (default 2g, for all nodes together). Needs Java 17+ and
# Maven 3.8+; the first start downloads about 120 MB of Solr artifacts into ~/.m2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${PEYVAND_SOLR_STATE:-$here/.cluster}
cmd=${1:-}

running() {
  [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null
}

case "$cmd" in
  start)
    nodes=${2:-2}
    if running && [ -f "$state/url" ]; then
      echo "already running (pid $(cat "$state/pid"))" >&2
      cat "$state/url"
      exit 0
    fi
    for tool in java mvn; do
      command -v "$tool" >/dev/null || { echo "solr/cluster.sh: $tool is not installed" >&2; exit 3; }
    done
    if [ ! -f "$here/target/classpath.txt" ] || [ ! -d "$here/target/classes/peyvand" ] ||
       [ "$here/src/main/java/peyvand/LocalCloud.java" -nt "$here/target/classes/peyvand/LocalCloud.class" ] ||
       [ "$here/pom.xml" -nt "$here/target/classpath.txt" ]; then
      echo "building the local SolrCloud runner (Maven)..." >&2
      mvn -B -q -f "$here/pom.xml" compile >&2
    fi
    rm -rf "$state"
    mkdir -p "$state"
    start=$(date +%s%N)
    # -Dhost: the address each node registers in ZooKeeper; the nodes and ZooKeeper bind 127.0.0.1
    nohup java -Xmx"${PEYVAND_SOLR_HEAP:-2g}" -Dhost=127.0.0.1 -Dsolr.log.dir="$state" -Djava.net.preferIPv4Stack=true \
      -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
      peyvand.LocalCloud "$state" "$nodes" > "$state/cluster.log" 2>&1 < /dev/null &
    echo $! > "$state/pid"
    for _ in $(seq 1 1200); do
      [ -f "$state/url" ] && break
      if ! running; then
        echo "solr/cluster.sh: the cluster did not start; its log:" >&2
        tail -30 "$state/cluster.log" >&2
        exit 1
      fi
      sleep 0.1
    done
    if [ ! -f "$state/url" ]; then
      echo "solr/cluster.sh: no cluster after 120 s; see $state/cluster.log" >&2
      exit 1
    fi
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    printf 'local SolrCloud: %s nodes, 127.0.0.1, pid %s, started in %d.%01d s; stop: solr/cluster.sh stop\n' \
      "$nodes" "$(cat "$state/pid")" $((ms / 1000)) $((ms % 1000 / 100)) >&2
    cat "$state/url"
    ;;
  stop)
    if running; then
      pid=$(cat "$state/pid")
      kill "$pid"
      for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "local SolrCloud stopped" >&2
    else
      echo "local SolrCloud is not running" >&2
    fi
    rm -rf "$state"
    ;;
  url)
    running && cat "$state/url" || { echo "local SolrCloud is not running" >&2; exit 1; }
    ;;
  *)
    echo "usage: solr/cluster.sh start [NODES] | stop | url" >&2
    exit 2
    ;;
esac

package peyvand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real SolrCloud on 127.0.0.1: NODES Jetty nodes and an embedded ZooKeeper in this JVM.
 *
 * <p>Usage: {@code LocalCloud STATE_DIR [NODES]}. When the cluster is up it writes the engine URL
 * peyvand uses ({@code solr://127.0.0.1:P1,127.0.0.1:P2/solr}) to STATE_DIR/url and prints it.
 * Tests stop and restart single nodes through files: creating STATE_DIR/control/stop-N stops node N
 * (0-based), start-N starts it again; the file is removed once done, and STATE_DIR/nodes lists the
 * running nodes' ports. The JVM shuts the cluster down on SIGTERM.
 */
public final class LocalCloud {
  private LocalCloud() {}

  public static void main(String[] args) throws Exception {
    Path state = Paths.get(args[0]).toAbsolutePath();
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path control = state.resolve("control");
    Files.createDirectories(control);
    long t0 = System.nanoTime();
    JettyConfig jetty = JettyConfig.builder().setContext("/solr").build();
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster(nodes, state.resolve("data"), jetty);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.shutdown();
      } catch (Exception e) {
        System.err.println("shutdown: " + e);
      }
    }));
    List<JettySolrRunner> runners = new ArrayList<>(cluster.getJettySolrRunners());
    List<String> hosts = new ArrayList<>();
    for (JettySolrRunner r : runners) {
      hosts.add("127.0.0.1:" + r.getLocalPort());
    }
    writeNodes(state, runners);
    String url = "solr://" + String.join(",", hosts) + "/solr";
    Files.writeString(state.resolve("url.tmp"), url + "\n", StandardCharsets.UTF_8);
    Files.move(state.resolve("url.tmp"), state.resolve("url"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("SolrCloud up: %d nodes, ZooKeeper %s, %.1f s%n", nodes,
        cluster.getZkServer().getZkAddress(), (System.nanoTime() - t0) / 1e9);
    System.out.println(url);
    System.out.flush();
    while (true) {
      for (int i = 0; i < runners.size(); i++) {
        Path stop = control.resolve("stop-" + i);
        Path start = control.resolve("start-" + i);
        if (Files.exists(stop)) {
          JettySolrRunner r = runners.get(i);
          if (r.isRunning()) {
            r.stop();
          }
          Files.deleteIfExists(stop);
          writeNodes(state, runners);
          System.out.println("node " + i + " stopped");
        }
        if (Files.exists(start)) {
          JettySolrRunner r = runners.get(i);
          if (!r.isRunning()) {
            r.start(true);
          }
          Files.deleteIfExists(start);
          writeNodes(state, runners);
          System.out.println("node " + i + " started on " + r.getLocalPort());
        }
      }
      Thread.sleep(100);
    }
  }

  private static void writeNodes(Path state, List<JettySolrRunner> runners) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < runners.size(); i++) {
      JettySolrRunner r = runners.get(i);
      sb.append(i).append(' ').append(r.isRunning() ? "up" : "down").append(' ')
          .append(r.getLocalPort()).append('\n');
    }
    Path tmp = state.resolve("nodes.tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, state.resolve("nodes"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}

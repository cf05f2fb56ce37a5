package io.llmesr.ann;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * A finished HNSW graph in flat arrays (compressed sparse rows per layer): layer 0 holds every node, so its
 * neighbour lists are addressed by node; layer {@code l ≥ 1} lists its nodes in increasing order and is addressed by
 * binary search. Read-only, so any number of {@link #cursor() cursors} (Lucene's {@link HnswGraph}, which keeps one
 * seek position) search it at once. About {@code 4·(2M + 1)} bytes per node, plus a little for the upper layers.
 */
final class CompactGraph {
  final int size;
  final int entryNode;
  final int maxConn;
  /** {@code nodes[l]} = the nodes of layer l in increasing order ({@code nodes[0] = null}: all of them). */
  private final int[][] nodes;
  /** {@code offsets[l][p] .. offsets[l][p+1]} = the neighbour slice of layer l's p-th node. */
  private final int[][] offsets;
  private final int[][] neighbours;

  private CompactGraph(int size, int entryNode, int maxConn, int[][] nodes, int[][] offsets, int[][] neighbours) {
    this.size = size;
    this.entryNode = entryNode;
    this.maxConn = maxConn;
    this.nodes = nodes;
    this.offsets = offsets;
    this.neighbours = neighbours;
  }

  int levels() {
    return offsets.length;
  }

  /** A copy of a Lucene graph. */
  static CompactGraph of(HnswGraph g, int maxConn) throws IOException {
    int levels = g.numLevels();
    int[][] nodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int l = 0; l < levels; l++) {
      int[] on;
      if (l == 0) {
        on = new int[g.size()];
        for (int i = 0; i < on.length; i++) on[i] = i;
      } else {
        HnswGraph.NodesIterator it = g.getNodesOnLevel(l);
        on = new int[it.size()];
        for (int i = 0; i < on.length; i++) on[i] = it.nextInt();
        Arrays.sort(on);
        nodes[l] = on;
      }
      int[] off = new int[on.length + 1];
      int[] nb = new int[Math.max(16, on.length * 4)];
      int fill = 0;
      for (int p = 0; p < on.length; p++) {
        g.seek(l, on[p]);
        for (int t; (t = g.nextNeighbor()) != DocIdSetIterator.NO_MORE_DOCS; ) {
          if (fill == nb.length) nb = Arrays.copyOf(nb, nb.length + (nb.length >> 1));
          nb[fill++] = t;
        }
        off[p + 1] = fill;
      }
      offsets[l] = off;
      neighbours[l] = Arrays.copyOf(nb, fill);
    }
    return new CompactGraph(g.size(), g.entryNode(), maxConn, nodes, offsets, neighbours);
  }

  /** Writes the graph (Java {@link DataOutputStream} order, big-endian). */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(size);
    out.writeInt(entryNode);
    out.writeInt(maxConn);
    out.writeInt(levels());
    for (int l = 0; l < levels(); l++) {
      if (l > 0) writeInts(out, nodes[l]);
      writeInts(out, offsets[l]);
      writeInts(out, neighbours[l]);
    }
  }

  /** Reads what {@link #write} wrote, checking every node id against the size. */
  static CompactGraph read(DataInputStream in) throws IOException {
    int size = in.readInt();
    int entry = in.readInt();
    int maxConn = in.readInt();
    int levels = in.readInt();
    if (size < 1 || levels < 1 || levels > 64 || entry < 0 || entry >= size || maxConn < 1) {
      throw new IOException("bad graph header: size " + size + ", levels " + levels + ", entry " + entry);
    }
    int[][] nodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int l = 0; l < levels; l++) {
      int count = size;
      if (l > 0) {
        nodes[l] = readInts(in, size);
        count = nodes[l].length;
        checkIds(nodes[l], size);
      }
      offsets[l] = readInts(in, size + 1);
      neighbours[l] = readInts(in, Integer.MAX_VALUE - 8);
      int[] off = offsets[l];
      if (off.length != count + 1 || off[0] != 0 || off[count] != neighbours[l].length) {
        throw new IOException("bad neighbour offsets on layer " + l);
      }
      for (int p = 0; p < count; p++) if (off[p + 1] < off[p]) throw new IOException("bad neighbour offsets on layer " + l);
      checkIds(neighbours[l], size);
    }
    return new CompactGraph(size, entry, maxConn, nodes, offsets, neighbours);
  }

  private static void checkIds(int[] ids, int size) throws IOException {
    for (int x : ids) if (x < 0 || x >= size) throw new IOException("node id " + x + " outside 0.." + (size - 1));
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int x : a) out.writeInt(x);
  }

  private static int[] readInts(DataInputStream in, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) throw new IOException("bad array length " + n);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = in.readInt();
    return a;
  }

  /** A new search position over this graph, for one thread. */
  HnswGraph cursor() {
    return new Cursor();
  }

  private final class Cursor extends HnswGraph {
    private int[] list = new int[0];
    private int pos;
    private int end;

    @Override
    public void seek(int level, int target) {
      int p = level == 0 ? target : Arrays.binarySearch(nodes[level], target);
      if (p < 0) throw new IllegalStateException("node " + target + " is not on layer " + level);
      list = neighbours[level];
      pos = offsets[level][p];
      end = offsets[level][p + 1];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int nextNeighbor() {
      return pos < end ? list[pos++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int numLevels() {
      return levels();
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return level == 0 ? new ArrayNodesIterator(size) : new ArrayNodesIterator(nodes[level], nodes[level].length);
    }
  }
}

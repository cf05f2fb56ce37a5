package io.llmesr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code POST /v1/recommend} bodies of a load run, built once from a file of histories so that the sender
 * spends no time on JSON while it keeps the schedule.
 *
 * <p>Two file forms, one history a line, raw item ids oldest first:
 * <ul>
 *   <li>JSON Lines ({@code .jsonl}, {@code .json}): {@code {"user": "...", "history": ["B001", "B002"]}} (what
 *       {@link TestHistories} writes; other fields are ignored);</li>
 *   <li>TSV (anything else): {@code user<TAB>id<TAB>id...}, ids escaped as in the dataset format
 *       ({@code \\}, {@code \t}, {@code \n}, {@code \r}); a first line starting with {@code user<TAB>} is a header.</li>
 * </ul>
 */
final class HistoryBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryBodies() { }

  /** One body {@code {"history": [...], "k": k}} per non-empty history of {@code file}. */
  static List<byte[]> read(Path file, int k) throws IOException {
    boolean jsonl = file.getFileName().toString().matches(".*\\.jsonl?$");
    List<byte[]> bodies = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        List<String> history = jsonl ? fromJson(file, n, line) : fromTsv(n, line);
        if (history == null || history.isEmpty()) continue;
        ObjectNode body = JSON.createObjectNode();
        ArrayNode h = body.putArray("history");
        history.forEach(h::add);
        body.put("k", k);
        bodies.add(JSON.writeValueAsBytes(body));
      }
    }
    if (bodies.isEmpty()) throw new IOException(file + ": no history");
    return bodies;
  }

  private static List<String> fromJson(Path file, int line, String text) throws IOException {
    JsonNode node = JSON.readTree(text);
    JsonNode h = node.get("history");
    if (h == null || !h.isArray()) throw new IOException(file + ":" + line + ": no \"history\" array");
    List<String> ids = new ArrayList<>();
    h.forEach(x -> ids.add(x.asText()));
    return ids;
  }

  private static List<String> fromTsv(int line, String text) {
    String[] cells = text.split("\t", -1);
    if (line == 1 && cells[0].equals("user")) return null;
    List<String> ids = new ArrayList<>();
    for (int i = 1; i < cells.length; i++) {
      if (!cells[i].isEmpty()) ids.add(unescape(cells[i]));
    }
    return ids;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      b.append(switch (e) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        default -> e;
      });
    }
    return b.toString();
  }
}

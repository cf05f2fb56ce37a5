package io.llmesr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small RecBole atomic source with real-looking item texts, for end-to-end CLI tests. */
final class TinySource {
  private TinySource() { }

  private static final String[] KINDS = {"lipstick", "mascara", "eyeliner", "face cream", "shampoo", "conditioner",
      "nail polish", "perfume", "sunscreen", "hair gel"};
  private static final String[] TRAITS = {"matte", "glossy", "waterproof", "organic", "travel size", "long lasting",
      "sensitive skin", "vegan"};

  /**
   * Writes {@code tiny.inter} and {@code tiny.item} into {@code dir}: {@code users} users with 5 to 12 interactions
   * each over {@code items} items, items with a title and categories. Item {@code i} is a
   * {@code KINDS[(i / 3) % 10]}; each user has a favourite kind, and 70 % of their items are of it (the rest half
   * uniform, half concentrated on the first items), so that a sequence model can learn what follows what.
   */
  static Path write(Path dir, int users, int items, long seed) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(seed);
    List<String> inter = new ArrayList<>(List.of("user_id:token\titem_id:token\ttimestamp:float"));
    for (int u = 0; u < users; u++) {
      int n = 5 + r.nextInt(8);
      int kind = r.nextInt(KINDS.length);
      for (int j = 0; j < n; j++) {
        int i;
        if (r.nextDouble() < 0.7) {
          // an item of the favourite kind: i / 3 ≡ kind (mod 10)
          int blocks = (items / 3 - kind + 9) / 10;
          i = Math.min(items - 1, 3 * (kind + 10 * r.nextInt(Math.max(1, blocks))) + r.nextInt(3));
        } else {
          i = r.nextBoolean() ? r.nextInt(items)
              : (int) Math.min(items - 1, Math.floor(Math.abs(r.nextGaussian()) * items / 5));
        }
        inter.add("u" + u + "\ti" + i + "\t" + (100_000L * u + 1000L * j));
      }
    }
    Files.write(dir.resolve("tiny.inter"), inter);
    List<String> rows = new ArrayList<>(List.of("item_id:token\ttitle:token_seq\tcategories:token_seq"));
    for (int i = 0; i < items; i++) {
      rows.add("i" + i + "\t" + TRAITS[i % TRAITS.length] + " " + KINDS[(i / 3) % KINDS.length] + " no. " + i
          + "\tBeauty " + KINDS[(i / 3) % KINDS.length]);
    }
    Files.write(dir.resolve("tiny.item"), rows);
    return dir;
  }
}

package io.llmesr.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The explicit map from the official implementation's parameter names to ours, with the reshapes it needs, for
 * {@link GoldenNumbersTest}. Layouts that carry over unchanged:
 * <ul>
 *   <li>{@code in_proj_weight} (3d×d) stacks query, key, value in that order, as our {@code attn.in_proj.weight}
 *       ({@link TransformerBlock} takes rows 0..d-1 for the query, then splits the rest into key and value);</li>
 *   <li>GRU {@code weight_ih_l0}/{@code weight_hh_l0} (3d×d) stack the gates r, z, n, as our GRU weights
 *       ({@link GruEncoder}, PyTorch's own {@code gru} op);</li>
 *   <li>Linear weights are out×in on both sides.</li>
 * </ul>
 * The one reshape: a 1×1 convolution weight {@code d×d×1} becomes our linear weight {@code d×d} (same values).
 */
final class OfficialNames {
  private OfficialNames() { }

  /** Official name → our name, for a model (every parameter our model has must appear here). */
  static Map<String, String> map(Backbone backbone, boolean llmesr, int blocks) {
    Map<String, String> m = new LinkedHashMap<>();
    if (llmesr) {
      m.put("id_item_emb.weight", "id_item_emb");
      m.put("adapter.0.weight", "adapter.0.weight");
      m.put("adapter.0.bias", "adapter.0.bias");
      m.put("adapter.1.weight", "adapter.1.weight");
      m.put("adapter.1.bias", "adapter.1.bias");
      for (String module : new String[] {"llm2id", "id2llm"}) {
        m.put(module + ".linear_q.weight", "cross_att." + module + ".query.weight");
        m.put(module + ".linear_k.weight", "cross_att." + module + ".key.weight");
        m.put(module + ".linear_v.weight", "cross_att." + module + ".value.weight");
        m.put(module + ".linear_output.weight", "cross_att." + module + ".out.weight");
        m.put(module + ".linear_output.bias", "cross_att." + module + ".out.bias");
      }
    } else {
      m.put("item_emb.weight", IdEmbedding.TABLE);
    }
    if (backbone.isTransformer()) {
      m.put("pos_emb.weight", "pos_emb");
      for (int i = 0; i < blocks; i++) {
        String o = "backbone.";
        String b = "encoder.block" + i;
        m.put(o + "attention_layernorms." + i + ".weight", b + ".attn_ln.weight");
        m.put(o + "attention_layernorms." + i + ".bias", b + ".attn_ln.bias");
        m.put(o + "attention_layers." + i + ".in_proj_weight", b + ".attn.in_proj.weight");
        m.put(o + "attention_layers." + i + ".in_proj_bias", b + ".attn.in_proj.bias");
        m.put(o + "attention_layers." + i + ".out_proj.weight", b + ".attn.out_proj.weight");
        m.put(o + "attention_layers." + i + ".out_proj.bias", b + ".attn.out_proj.bias");
        m.put(o + "forward_layernorms." + i + ".weight", b + ".ffn_ln.weight");
        m.put(o + "forward_layernorms." + i + ".bias", b + ".ffn_ln.bias");
        m.put(o + "forward_layers." + i + ".conv1.weight", b + ".ffn.conv1.weight");
        m.put(o + "forward_layers." + i + ".conv1.bias", b + ".ffn.conv1.bias");
        m.put(o + "forward_layers." + i + ".conv2.weight", b + ".ffn.conv2.weight");
        m.put(o + "forward_layers." + i + ".conv2.bias", b + ".ffn.conv2.bias");
      }
      m.put("backbone.last_layernorm.weight", "encoder.last_ln.weight");
      m.put("backbone.last_layernorm.bias", "encoder.last_ln.bias");
    } else {
      m.put("backbone.gru.weight_ih_l0", "encoder.gru.weight_ih_l0");
      m.put("backbone.gru.weight_hh_l0", "encoder.gru.weight_hh_l0");
    }
    return m;
  }

  /**
   * Official tensors with no counterpart in our model because they take no part in any output: in the LLM-ESR
   * models the base class's {@code item_emb} and the {@code projector1/2} (used only by an unused contrastive
   * option), and in LLM-ESR-GRU4Rec the {@code pos_emb} (GRU4Rec uses no positions).
   */
  static Set<String> unused(Backbone backbone, boolean llmesr) {
    Set<String> s = new LinkedHashSet<>();
    if (llmesr) {
      s.add("item_emb.weight");
      s.addAll(Arrays.asList("projector1.weight", "projector1.bias", "projector2.weight", "projector2.bias"));
      if (!backbone.isTransformer()) s.add("pos_emb.weight");
    }
    return s;
  }

  /**
   * The frozen LLM item table: not a persisted parameter on our side (it is rebuilt from the fixture's table), so it
   * is compared, not loaded.
   */
  static final String LLM_TABLE = "llm_item_emb.weight";

  /** Our shape for an official tensor: a 1×1 convolution weight {@code out×in×1} drops its last axis. */
  static long[] ourShape(String official, long[] shape) {
    if (official.matches("backbone\\.forward_layers\\.\\d+\\.conv[12]\\.weight")) {
      if (shape.length != 3 || shape[2] != 1) {
        throw new IllegalArgumentException(official + ": expected a d×d×1 convolution weight, got "
            + Arrays.toString(shape));
      }
      return new long[] {shape[0], shape[1]};
    }
    return shape;
  }
}

/**
 * Approximate nearest neighbours by cosine over unit vectors: an HNSW graph (Malkov and Yashunin, "Efficient and
 * robust approximate nearest neighbor search using Hierarchical Navigable Small World graphs", TPAMI 2020) built and
 * searched with Apache Lucene's {@code org.apache.lucene.util.hnsw}, stored in a compact file of our own
 * ({@link io.llmesr.ann.HnswIndex}). Used by the similar-users step ({@code io.llmesr.embed}) and by a bundle's
 * similar items ({@code io.llmesr.recommend}); this package depends on neither.
 */
package io.llmesr.ann;

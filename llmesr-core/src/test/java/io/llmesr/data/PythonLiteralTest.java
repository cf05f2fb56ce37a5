package io.llmesr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {
  private static Object p(String s) throws Exception {
    return PythonLiteral.parse(s);
  }

  @Test
  void amazon2014MetaLine() throws Exception {
    Map<Object, Object> d = PythonLiteral.parseDict("{'asin': '0000031852', 'title': 'Girls Ballet Tutu Zebra Hot Pink', "
        + "'price': 3.17, 'imUrl': 'http://ecx.images-amazon.com/images/I/51fAmVkTbyL._SY300_.jpg', "
        + "'related': {'also_bought': ['B00JHONN1S', 'B002BZX8Z6'], 'also_viewed': ['B002BZX8Z6']}, "
        + "'salesRank': {'Toys & Games': 211836}, 'brand': 'Coxlists', "
        + "'categories': [['Sports & Outdoors', 'Other Sports', 'Dance']]}");
    assertThat(d.keySet()).containsExactly("asin", "title", "price", "imUrl", "related", "salesRank", "brand", "categories");
    assertThat(d.get("price")).isEqualTo(3.17);
    assertThat(d.get("salesRank")).isEqualTo(Map.of("Toys & Games", 211836L));
    assertThat(d.get("categories")).isEqualTo(List.of(List.of("Sports & Outdoors", "Other Sports", "Dance")));
    assertThat(d.get("related")).isEqualTo(Map.of("also_bought", List.of("B00JHONN1S", "B002BZX8Z6"), "also_viewed", List.of("B002BZX8Z6")));
  }

  @Test
  void quotesAndEscapes() throws Exception {
    assertThat(p("\"L'Oreal Paris\"")).isEqualTo("L'Oreal Paris");
    assertThat(p("'It\\'s \"fine\"'")).isEqualTo("It's \"fine\"");
    assertThat(p("'a\\\\b'")).isEqualTo("a\\b");
    assertThat(p("'tab\\there\\nnew\\rcr'")).isEqualTo("tab\there\nnew\rcr");
    assertThat(p("'\\a\\b\\f\\v'")).isEqualTo("\u0007\b\f\u000B");
    assertThat(p("'oct \\101\\0\\7'")).isEqualTo("oct A\0\u0007");
    assertThat(p("'unknown \\d \\/ escape'")).isEqualTo("unknown \\d \\/ escape");
    assertThat(p("'line\\\ncontinued'")).isEqualTo("linecontinued");
    assertThat(p("'a' \"b\" 'c'")).isEqualTo("abc");
    assertThat(p("'''tri'ple \"\"\" '''")).isEqualTo("tri'ple \"\"\" ");
    assertThat(p("\"\"\"multi\nline\"\"\"")).isEqualTo("multi\nline");
    assertThat(p("r'raw \\n \\''")).isEqualTo("raw \\n \\'");
    assertThat(p("''")).isEqualTo("");
  }

  @Test
  void unicode() throws Exception {
    assertThat(p("u'Caf\\xe9'")).isEqualTo("Café");
    assertThat(p("u'\\u2122 \\u00e9'")).isEqualTo("™ é");
    assertThat(p("'\\U0001F600'")).isEqualTo("😀");
    assertThat(p("'\\N{EM DASH}'")).isEqualTo("—");
    assertThat(p("'literal é ™ 😀'")).isEqualTo("literal é ™ 😀");
    assertThat(p("b'\\xe9\\u00e9'")).isEqualTo("é\\u00e9");
  }

  @Test
  void python2ByteStringsDecodeAsUtf8WhenValid() throws Exception {
    // Python 2 repr of a UTF-8 byte string
    assertThat(PythonLiteral.parse("'Caf\\xc3\\xa9 \\xe2\\x80\\x99s'", true)).isEqualTo("Café ’s");
    // octal escapes are bytes too
    assertThat(PythonLiteral.parse("'\\303\\251'", true)).isEqualTo("é");
    // literal non-ASCII characters mixed with escaped bytes keep their meaning
    assertThat(PythonLiteral.parse("'é \\xc3\\xa9 😀'", true)).isEqualTo("é é 😀");
    // not valid UTF-8 -> Python 3 meaning (Python 3 repr escapes non-printables such as NBSP)
    assertThat(PythonLiteral.parse("'a\\xa0b \\xe9'", true)).isEqualTo("a\u00a0b é");
    // u'' strings are unicode in both Pythons
    assertThat(PythonLiteral.parse("u'\\xc3\\xa9'", true)).isEqualTo("\u00c3\u00a9");
    // without the mode: Python 3 semantics
    assertThat(PythonLiteral.parse("'Caf\\xc3\\xa9'")).isEqualTo("Caf\u00c3\u00a9");
    assertThat(PythonLiteral.parseDict("{'t': 'x\\xc3\\xa9', 'l': ['\\xe2\\x84\\xa2']}", true))
        .isEqualTo(Map.of("t", "xé", "l", List.of("™")));
  }

  @Test
  void constantsAndNumbers() throws Exception {
    assertThat(Arrays.asList(p("[True, False, None, true, false, null]"))).containsExactly(Arrays.asList(true, false, null, true, false, null));
    assertThat(p("0")).isEqualTo(0L);
    assertThat(p("-17")).isEqualTo(-17L);
    assertThat(p("+5")).isEqualTo(5L);
    assertThat(p("1_000")).isEqualTo(1000L);
    assertThat(p("123L")).isEqualTo(123L);
    assertThat(p("0x1F")).isEqualTo(31L);
    assertThat(p("0o17")).isEqualTo(15L);
    assertThat(p("0b101")).isEqualTo(5L);
    assertThat(p("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(p("3.17")).isEqualTo(3.17);
    assertThat(p("-0.5")).isEqualTo(-0.5);
    assertThat(p(".5")).isEqualTo(0.5);
    assertThat(p("5.")).isEqualTo(5.0);
    assertThat(p("1e3")).isEqualTo(1000.0);
    assertThat(p("2.5E-2")).isEqualTo(0.025);
  }

  @Test
  void containers() throws Exception {
    assertThat(p("{}")).isEqualTo(Map.of());
    assertThat(p("[]")).isEqualTo(List.of());
    assertThat(p("()")).isEqualTo(List.of());
    assertThat(p("(1,)")).isEqualTo(List.of(1L));
    assertThat(p("(1)")).isEqualTo(1L);
    assertThat(p("(1, 'a')")).isEqualTo(List.of(1L, "a"));
    assertThat(p("{1, 2,}")).isEqualTo(List.of(1L, 2L));
    assertThat(p("[1, [2, [3, []]],]")).isEqualTo(List.of(1L, List.of(2L, List.of(3L, List.of()))));
    assertThat(p(" { 'a' : [ ] , 'b':{'c':None} , } ")).isEqualTo(Map.of("a", List.of(), "b", new java.util.HashMap<>(java.util.Collections.singletonMap("c", null))));
    assertThat(p("{1: 'int key', (1, 2): 'tuple key'}")).isEqualTo(Map.of(1L, "int key", List.of(1L, 2L), "tuple key"));
    assertThat(p("{\"json\": [1, 2.5, \"x\"]}")).isEqualTo(Map.of("json", List.of(1L, 2.5, "x")));
  }

  @Test
  void syntaxErrorsNameTheColumn() {
    assertThatThrownBy(() -> p("{'a': 1")).isInstanceOf(PythonLiteral.SyntaxException.class).hasMessageContaining("end of input");
    assertThatThrownBy(() -> p("{'a' 1}")).hasMessageContaining("expected ':' after dict key at column 6");
    assertThatThrownBy(() -> p("{'a': 'unterminated}")).hasMessageContaining("unterminated string at column 7");
    assertThatThrownBy(() -> p("{'a': os.system('x')}")).hasMessageContaining("unexpected name 'os'");
    assertThatThrownBy(() -> p("[1, 2] extra")).hasMessageContaining("after the value at column 8");
    assertThatThrownBy(() -> p("'bad \\x4'")).hasMessageContaining("bad hex digit");
    assertThatThrownBy(() -> p("'a\nb'")).hasMessageContaining("line break inside a string");
    assertThatThrownBy(() -> p("")).hasMessageContaining("expected a value");
    assertThatThrownBy(() -> p("[" .repeat(600) + "]".repeat(600))).hasMessageContaining("nesting deeper");
    assertThatThrownBy(() -> PythonLiteral.parseDict("[1]")).hasMessageContaining("expected a dict, found list");
  }
}

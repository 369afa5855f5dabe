package dev.parley.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules of files: type detection from bytes and name sanitising. */
class FileRulesTest {

    static String sniff(String text, String declared) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ContentTypes.sniff(b, b.length, declared);
    }

    static String sniff(byte[] b, String declared) {
        return ContentTypes.sniff(b, b.length, declared);
    }

    @Test
    void the_declared_type_never_overrides_the_bytes() {
        assertThat(sniff("<html><body>hi</body></html>", "image/png")).isEqualTo("application/octet-stream");
        assertThat(sniff("  <svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"))
                .isEqualTo("application/octet-stream");
        assertThat(sniff("\uFEFF<?xml version='1.0'?>", "text/plain")).isEqualTo("application/octet-stream");
        assertThat(sniff("just words\nand lines\t", "text/html")).isEqualTo("text/plain");
        assertThat(sniff(new byte[]{0, 1, 2, 3}, "text/plain")).isEqualTo("application/octet-stream");
        assertThat(sniff(new byte[0], "image/png")).isEqualTo("application/octet-stream");
    }

    @Test
    void known_magic_numbers_are_recognised() {
        assertThat(sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, null)).isEqualTo("image/png");
        assertThat(sniff(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, null)).isEqualTo("image/jpeg");
        assertThat(sniff("GIF89a....", null)).isEqualTo("image/gif");
        assertThat(sniff("RIFF\0\0\0\0WEBPVP8 ", null)).isEqualTo("image/webp");
        assertThat(sniff("%PDF-1.7", null)).isEqualTo("application/pdf");
        assertThat(sniff("\0\0\0\u0018ftypisom", null)).isEqualTo("video/mp4");
        byte[] zip = {'P', 'K', 3, 4, 20, 0};
        assertThat(sniff(zip, "application/x-evil")).isEqualTo("application/zip");
        assertThat(sniff(zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void a_multibyte_character_cut_by_the_head_is_still_text() {
        byte[] full = "abc\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(ContentTypes.sniff(full, full.length - 1, null)).isEqualTo("text/plain");
    }

    @Test
    void only_bitmap_images_may_be_inline() {
        assertThat(ContentTypes.inline("image/png")).isTrue();
        assertThat(ContentTypes.inline("image/svg+xml")).isFalse();
        assertThat(ContentTypes.inline("text/html")).isFalse();
        assertThat(ContentTypes.inline("application/pdf")).isFalse();
    }

    @Test
    void hostile_names_lose_paths_controls_and_reserved_characters() {
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitise("C:\\Windows\\system32\\evil.dll")).isEqualTo("evil.dll");
        assertThat(FileNames.sanitise("a\r\nSet-Cookie: x.txt")).isEqualTo("aSet-Cookie_ x.txt");
        assertThat(FileNames.sanitise("say \"hi\".txt")).isEqualTo("say _hi_.txt");
        assertThat(FileNames.sanitise("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(FileNames.sanitise("zero\u200Bwidth\u0000.txt")).isEqualTo("zerowidth.txt");
        assertThat(FileNames.sanitise("  ..hidden..  ")).isEqualTo("hidden");
        assertThat(FileNames.sanitise("..")).isEqualTo("file");
        assertThat(FileNames.sanitise(null)).isEqualTo("file");
        assertThat(FileNames.sanitise("e\u0301t\u00e9 \u6587\u4ef6 \uD83D\uDE00.txt")).isEqualTo("\u00e9t\u00e9 \u6587\u4ef6 \uD83D\uDE00.txt");
    }

    @Test
    void long_names_are_cut_keeping_the_extension() {
        String name = FileNames.sanitise("x".repeat(500) + ".tar.gz");
        assertThat(name).hasSize(FileNames.MAX).endsWith("x.gz");
        String emoji = FileNames.sanitise("\uD83D\uDE00".repeat(300));
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(FileNames.MAX);
    }
}

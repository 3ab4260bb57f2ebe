package dev.attacktagger.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuesserTest {

    @Test
    void shouldRecogniseEnglish() {
        assertThat(LanguageGuesser.guess("The actor sent an email with a link to the victim and it was opened."))
                .isEqualTo("en");
    }

    @Test
    void shouldRecogniseGerman() {
        assertThat(LanguageGuesser.guess(
                        "Der Angreifer hat die Datei auf dem Server gespeichert und mit einem Skript" + " ausgeführt."))
                .isEqualTo("de");
    }

    @Test
    void shouldRecogniseFrench() {
        assertThat(LanguageGuesser.guess("Le groupe a envoyé des courriels avec une pièce jointe pour les victimes."))
                .isEqualTo("fr");
    }

    @Test
    void shouldRecogniseSpanish() {
        assertThat(LanguageGuesser.guess("El grupo envió correos con un enlace para los usuarios de la empresa."))
                .isEqualTo("es");
    }

    @Test
    void shouldRecogniseRussian() {
        assertThat(LanguageGuesser.guess(
                        "Злоумышленник отправил письмо с вложением, и после этого файл был запущен на" + " сервере."))
                .isEqualTo("ru");
    }

    @Test
    void shouldRecogniseChineseJapaneseAndKorean() {
        assertThat(LanguageGuesser.guess("攻击者发送了带有恶意附件的钓鱼邮件。")).isEqualTo("zh");
        assertThat(LanguageGuesser.guess("攻撃者はメールを送信しました。")).isEqualTo("ja");
        assertThat(LanguageGuesser.guess("공격자는 악성 첨부 파일이 포함된 이메일을 보냈습니다.")).isEqualTo("ko");
    }

    @Test
    void shouldNotGuessFromNamesAndIndicators() {
        assertThat(LanguageGuesser.guess("203.0.113.7 evil.example.com cmd.exe T1059.001"))
                .isNull();
        assertThat(LanguageGuesser.guess("")).isNull();
    }
}

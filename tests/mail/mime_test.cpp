// Message::from_raw on inline messages: every decoded field asserted.
#include <gtest/gtest.h>

#include <string>

#include "courtois/message.hpp"

namespace courtois {
namespace {

Message parse(std::string_view raw, const ParseLimits& limits = {}) {
  auto r = Message::from_raw(raw, limits);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r).value() : Message{};
}

TEST(MimeTest, HeadersAddressesAndEncodedWords) {
  const char* raw = R"(Return-Path: <renee@example.com>
From: =?UTF-8?Q?Ren=C3=A9e_Dupr=C3=A9?= <Renee@Example.COM>
To: "Martin, Paul" <paul@Example.org>, bob@EXAMPLE.net (Bob Stone)
Cc: Equipe: a@x.fr, =?ISO-8859-1?Q?Andr=E9?= <b@y.fr>;
Reply-To: support@example.com
Subject: =?UTF-8?B?UmU6IFLDqXVuaW9u?= =?UTF-8?Q?_de_d=C3?=
 =?UTF-8?Q?=A9but?=
Date: Mon, 2 Mar 2026 10:12:00 +0100
Message-ID: <abc.123@mail.example.com>
In-Reply-To: <prev@mail.example.com>
References: <first@mail.example.com>
 <prev@mail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Bonjour Paul,

Pouvez-vous m'envoyer le devis avant vendredi ?
)";
  Message m = parse(raw);
  EXPECT_EQ(m.from.name, "Renée Dupré");
  EXPECT_EQ(m.from.address, "Renee@example.com");
  ASSERT_EQ(m.to.size(), 2u);
  EXPECT_EQ(m.to[0].name, "Martin, Paul");
  EXPECT_EQ(m.to[0].address, "paul@example.org");
  EXPECT_EQ(m.to[1].name, "Bob Stone");
  EXPECT_EQ(m.to[1].address, "bob@example.net");
  ASSERT_EQ(m.cc.size(), 2u);
  EXPECT_EQ(m.cc[0].address, "a@x.fr");
  EXPECT_EQ(m.cc[1].name, "André");
  EXPECT_EQ(m.cc[1].address, "b@y.fr");
  ASSERT_EQ(m.reply_to.size(), 1u);
  EXPECT_EQ(m.reply_to[0].address, "support@example.com");
  // UTF-8 "é" split across two encoded words, and a B word next to a Q word.
  EXPECT_EQ(m.subject, "Re: Réunion de début");
  EXPECT_EQ(m.message_id, "abc.123@mail.example.com");
  EXPECT_EQ(m.in_reply_to, "prev@mail.example.com");
  ASSERT_EQ(m.references.size(), 2u);
  EXPECT_EQ(m.references[0], "first@mail.example.com");
  EXPECT_EQ(m.references[1], "prev@mail.example.com");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->rfc3339(), "2026-03-02T10:12:00+01:00");
  EXPECT_EQ(m.date_raw, "Mon, 2 Mar 2026 10:12:00 +0100");
  ASSERT_EQ(m.headers.size(), 12u);
  EXPECT_EQ(m.headers[0].first, "Return-Path");
  EXPECT_EQ(m.headers[5].first, "Subject");
  EXPECT_EQ(m.headers[5].second,
            "=?UTF-8?B?UmU6IFLDqXVuaW9u?= =?UTF-8?Q?_de_d=C3?= =?UTF-8?Q?=A9but?=");
  EXPECT_EQ(m.header("message-id").value_or(""), "<abc.123@mail.example.com>");
  EXPECT_FALSE(m.header("X-Missing").has_value());
  EXPECT_EQ(m.body_text, "Bonjour Paul,\n\nPouvez-vous m'envoyer le devis avant vendredi ?\n");
  EXPECT_EQ(m.new_text, m.body_text);
  EXPECT_EQ(m.quoted, "");
  EXPECT_EQ(m.signature, "");
  EXPECT_EQ(m.lang, "fr");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_TRUE(m.skipped.empty());
  EXPECT_FALSE(m.is_automatic());
}

TEST(MimeTest, EncodedWordsEdgeCases) {
  // Space between encoded words is dropped, literal text around them is kept, unknown
  // encodings stay as written, raw 8-bit latin-1 in a header is read as windows-1252.
  Message m = parse(
      "From: \"=?utf-8?q?Jos=C3=A9?= Garc\xED"
      "a\" <jose@example.es>\n"
      "Subject: [Ticket] =?iso-8859-15?q?Facture_=A4?=  =?utf-8?x?nope?= fin\n"
      "\n"
      "x\n");
  EXPECT_EQ(m.from.name, "José García");
  EXPECT_EQ(m.from.address, "jose@example.es");
  EXPECT_EQ(m.subject, "[Ticket] Facture €  =?utf-8?x?nope?= fin");
}

TEST(MimeTest, Latin1BodyReadAsWindows1252) {
  // latin-1 labels are read as windows-1252: 0x80 is the euro sign, 0x92 a typographic quote.
  Message m = parse(
      "From: a@example.fr\nSubject: prix\nContent-Type: text/plain; charset=\"ISO-8859-1\"\n"
      "Content-Transfer-Encoding: 8bit\n\n"
      "Le prix est de 12 \x80, c\x92"
      "est d\xE9j\xE0 pay\xE9.\n");
  EXPECT_EQ(m.body_text, "Le prix est de 12 €, c’est déjà payé.\n");
  EXPECT_EQ(m.lang, "fr");
}

TEST(MimeTest, Windows1252QuotedPrintableBody) {
  Message m = parse(
      "From: a@example.com\nContent-Type: text/plain; charset=windows-1252\n"
      "Content-Transfer-Encoding: quoted-printable\n\n"
      "Total: 100 =80 =3D one hundred euros, it=92s a long line that was wrapped by th=\n"
      "e mailer.\n");
  EXPECT_EQ(m.body_text,
            "Total: 100 € = one hundred euros, it’s a long line that was wrapped by the mailer.\n");
}

TEST(MimeTest, UnknownCharsetIsDetectedAndNoted) {
  Message m = parse(
      "From: a@example.com\nContent-Type: text/plain; charset=x-unknown-42\n\n"
      "Caf\xC3\xA9 cr\xC3\xA8me\n");
  EXPECT_EQ(m.body_text, "Café crème\n");
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_EQ(m.skipped[0], "message: unknown charset x-unknown-42, read as UTF-8");
}

TEST(MimeTest, InvalidUtf8BecomesReplacementCharacter) {
  Message m =
      parse("From: a@example.com\nContent-Type: text/plain; charset=utf-8\n\nab\xFF\xC3(cd\n");
  EXPECT_EQ(m.body_text, "ab\xEF\xBF\xBD\xEF\xBF\xBD(cd\n");
}

TEST(MimeTest, AlternativePrefersPlainText) {
  const char* raw = R"(From: client@example.com
Subject: alt
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

preamble
--b1
Content-Type: text/plain; charset=utf-8

Plain version.
--b1
Content-Type: text/html; charset=utf-8

<p>HTML version.</p>
--b1--
epilogue
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text, "Plain version.\n");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_TRUE(m.skipped.empty());
}

TEST(MimeTest, AlternativeWithEmptyPlainUsesHtml) {
  const char* raw = R"(From: client@example.com
Content-Type: multipart/alternative; boundary=b1

--b1
Content-Type: text/plain

--b1
Content-Type: text/html

<div>Only <b>HTML</b> here.</div>
--b1--
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text, "Only HTML here.\n");
}

TEST(MimeTest, NestedMultipartWithAttachments) {
  const char* raw = R"(From: client@example.com
Subject: nested
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

Vm9pY2kgbGUgY29tcHRlIHJlbmR1IGRlIGxhIHLDqXVuaW9uLgo=
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Voici le <b>compte rendu</b>.</p><img src="cid:logo@x">
--rel
Content-Type: image/png
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
--alt--
--outer
Content-Type: application/pdf; name="=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?="
Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQgZmFrZQ==
--outer
Content-Type: application/octet-stream
Content-Disposition: attachment;
 filename*0*=UTF-8''Fa%C3%A7ade%20;
 filename*1="plan.dwg"

AAAA
--outer--
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text, "Voici le compte rendu de la réunion.\n");
  ASSERT_EQ(m.attachments.size(), 3u);
  EXPECT_EQ(m.attachments[0].content_type, "image/png");
  EXPECT_EQ(m.attachments[0].content_id, "logo@x");
  EXPECT_TRUE(m.attachments[0].is_inline);
  EXPECT_EQ(m.attachments[0].size, 12u);
  EXPECT_EQ(m.attachments[1].filename, "résumé.pdf");
  EXPECT_EQ(m.attachments[1].content_type, "application/pdf");
  EXPECT_EQ(m.attachments[1].size, 20u);
  EXPECT_FALSE(m.attachments[1].is_inline);
  EXPECT_EQ(m.attachments[2].filename, "Façade plan.dwg");
  EXPECT_TRUE(m.skipped.empty());
}

// A parameter name whose RFC 2231 "section" is no number, or too long a number, is just an
// unusual name: the fuzzer found the digits summed past INT_MAX (UBSan) in such names.
TEST(MimeTest, LongOrBrokenParameterSectionNumbersAreNoSections) {
  const char* raw = R"(From: a@example.com
Content-Type: multipart/mixed; boundary=m

--m
Content-Type: text/plain; charset=utf-8

Corps.
--m
Content-Type: application/octet-stream
Content-Disposition: attachment; filename*99999999999999="a.txt";
 filename*.4010855555555555=x; filename="b.txt"

AAAA
--m--
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text, "Corps.\n");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "b.txt");
}

TEST(MimeTest, MixedConcatenatesTextParts) {
  const char* raw = R"(From: a@example.com
Content-Type: multipart/mixed; boundary=m

--m
Content-Type: text/plain

First part.
--m
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

not body text
--m
Content-Type: text/plain
Content-Disposition: inline

Footer part.
--m--
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text, "First part.\n\nFooter part.\n");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "notes.txt");
  EXPECT_EQ(m.attachments[0].content_type, "text/plain");
}

TEST(MimeTest, HtmlOnlyToText) {
  const char* raw = R"(From: a@example.com
Content-Type: text/html; charset=utf-8

<html><head><title>t</title><style>p { color: red }</style><script>var x = 1;</script></head>
<body><p>Bonjour&nbsp;Marie,</p>
<div>Ligne 1<br>Ligne 2</div>
<ul><li>un</li><li>deux</li></ul>
<blockquote>ancien   texte<br>suite</blockquote>
<p>&eacute;t&eacute; &amp; co &lt;ok&gt;</p></body></html>
)";
  Message m = parse(raw);
  EXPECT_EQ(m.body_text,
            "Bonjour Marie,\n\nLigne 1\nLigne 2\n\n- un\n- deux\n\n> ancien texte\n> suite\n\n"
            "été & co <ok>\n");
  EXPECT_EQ(m.new_text, "Bonjour Marie,\n\nLigne 1\nLigne 2\n\n- un\n- deux\n\nété & co <ok>\n");
  EXPECT_EQ(m.quoted, "> ancien texte\n> suite\n");
}

TEST(MimeTest, FormatFlowed) {
  Message m = parse(
      "From: a@example.com\nContent-Type: text/plain; charset=utf-8; format=flowed\n\n"
      "This is a long paragraph that \n"
      "was wrapped by the \n"
      "sender.\n"
      " From a stuffed line.\n"
      "> quoted text that \n"
      "> continues\n"
      "-- \n"
      "Sig\n");
  EXPECT_EQ(m.body_text,
            "This is a long paragraph that was wrapped by the sender.\n"
            "From a stuffed line.\n"
            "> quoted text that continues\n"
            "-- \n"
            "Sig\n");
  Message d = parse(
      "From: a@example.com\nContent-Type: text/plain; format=flowed; delsp=yes\n\n"
      "Un mot coup\xC3\xA9 en deux mor \nceaux.\n");
  EXPECT_EQ(d.body_text, "Un mot coupé en deux morceaux.\n");
}

TEST(MimeTest, CrlfLineEndings) {
  Message m = parse(
      "From: a@example.com\r\nSubject: crlf\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
      "--z\r\nContent-Type: text/plain\r\n\r\nLine one\r\nLine two\r\n--z--\r\n");
  EXPECT_EQ(m.subject, "crlf");
  EXPECT_EQ(m.body_text, "Line one\nLine two\n");
}

TEST(MimeTest, ByteOrderMarkBeforeHeaders) {
  Message m = parse(
      "\xEF\xBB\xBF"
      "From: a@example.com\nSubject: bom\n\nok\n");
  EXPECT_EQ(m.subject, "bom");
  EXPECT_EQ(m.from.address, "a@example.com");
}

TEST(MimeTest, AutomaticMailKinds) {
  auto automatic = [](const std::string& headers) {
    Message m = parse(headers + "Subject: x\n\nbody\n");
    return m.is_automatic();
  };
  EXPECT_FALSE(automatic("From: Client <client@example.com>\n"));
  EXPECT_FALSE(automatic("From: client@example.com\nAuto-Submitted: no\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nAuto-Submitted: auto-replied\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nPrecedence: bulk\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nPrecedence: junk\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nPrecedence: list\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nList-Id: <news.example.com>\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nX-Autoreply: yes\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nX-Autorespond: yes\n"));
  EXPECT_TRUE(automatic("From: Shop <no-reply@shop.example>\n"));
  EXPECT_TRUE(automatic("From: noreply@shop.example\n"));
  EXPECT_TRUE(automatic("From: MAILER-DAEMON@mx.example\n"));
  EXPECT_TRUE(automatic("From: postmaster@mx.example\n"));
  EXPECT_TRUE(
      automatic("From: mx@example.com\nContent-Type: multipart/report; "
                "report-type=delivery-status; boundary=r\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nPrecedence: auto_reply\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nX-Precedence: bulk\n"));
  EXPECT_TRUE(automatic("From: client@example.com\nReturn-Path: <>\n"));
  EXPECT_FALSE(automatic("From: client@example.com\nReturn-Path: <client@example.com>\n"));
  // Out-of-office replies and read receipts known only by their subject.
  auto subject = [](const std::string& s) {
    return parse("From: client@example.com\nSubject: " + s + "\n\nbody\n").is_automatic();
  };
  EXPECT_TRUE(subject("=?utf-8?q?R=C3=A9ponse_automatique?= : absent"));
  EXPECT_TRUE(subject("Automatic reply: Invoice 4471"));
  EXPECT_TRUE(subject("Out of Office: back on Monday"));
  EXPECT_TRUE(subject("Lu : Devis 2026-14"));
  EXPECT_FALSE(subject("Re: Réponse automatique de votre site"));
  EXPECT_FALSE(subject("Lundi : livraison"));
  // Without counting list marks (mail through a group of the user's own).
  Message group = parse(
      "From: client@example.com\nList-Id: <support.atelier.example>\nPrecedence: list\n"
      "Subject: x\n\nbody\n");
  EXPECT_TRUE(group.is_automatic());
  EXPECT_FALSE(group.is_automatic(/*count_lists=*/false));
  Message m = parse(
      "From: a@b.c\nAuto-Submitted: Auto-Generated\nPrecedence: Bulk\nList-Id: L <l.x>\n\nb\n");
  EXPECT_EQ(m.auto_submitted, "auto-generated");
  EXPECT_EQ(m.precedence, "bulk");
  EXPECT_EQ(m.list_id, "l <l.x>");
}

TEST(MimeTest, DeliveryReportListsItsParts) {
  const char* raw = R"(From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain

Your message could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
--r
Content-Type: message/rfc822

From: me@example.com
Subject: original

hello
--r--
)";
  Message m = parse(raw);
  EXPECT_TRUE(m.is_automatic());
  EXPECT_EQ(m.body_text, "Your message could not be delivered.\n");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].content_type, "message/delivery-status");
  EXPECT_EQ(m.attachments[1].content_type, "message/rfc822");
}

TEST(MimeTest, FromText) {
  auto date = ZonedTime::parse_rfc5322("Tue, 3 Mar 2026 09:00:00 +0100");
  Message m = Message::from_text("id-1", "Hello, could you send the invoice today please?", date);
  EXPECT_EQ(m.message_id, "id-1");
  EXPECT_EQ(m.new_text, "Hello, could you send the invoice today please?");
  EXPECT_EQ(m.lang, "en");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->offset_minutes, 60);
  Message f = Message::from_text("id-2", "Merci", std::nullopt, "fr", {"A", "a@x"}, "Objet");
  EXPECT_EQ(f.lang, "fr");
  EXPECT_EQ(f.from.address, "a@x");
  EXPECT_EQ(f.subject, "Objet");
}

}  // namespace
}  // namespace courtois

package io.consumidor.baseb.profile;

import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileCodecTest {

    private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aProfileRoundTripsThroughItsDocument() {
        String subject = TestProfiles.subject();
        Profile profile = new Profile(subject, TestProfiles.profile(subject, 7).personal(),
                TestProfiles.fact(TestProfiles.debts(2, 1, 40), 9, AT),
                TestProfiles.fact(new ReportedFacts(new BigDecimal("4200.50"), 2, null, 1, LocalDate.of(2026, 5, 1)), 77, AT));

        ProfileDocument back = ProfileCodec.read(ProfileCodec.document(profile, AT));

        assertThat(back.profile()).isEqualTo(profile);
        assertThat(back.erasure()).isNull();
        assertThat(back.isTombstone()).isFalse();
    }

    @Test
    void moneyIsStoredAsDecimalAndDatesAsDays() {
        Document debts = ProfileCodec.group(ProfileGroup.DEBT_SUMMARY,
                TestProfiles.fact(new DebtSummary(1, new BigDecimal("10.10"), 0, BigDecimal.ZERO, LocalDate.of(2026, 1, 2)), 1, AT));

        assertThat(debts.get("openTotal")).isEqualTo(new Decimal128(new BigDecimal("10.10")));
        assertThat(debts.get("oldestUnpaidDueDate")).isEqualTo("2026-01-02");
        assertThat(debts.get(ProfileFields.SOURCE_VERSION)).isEqualTo(1L);
    }

    @Test
    void unknownListsAreAbsentAndReadBackAsUnknown() {
        Fact<PersonalFacts> personal = TestProfiles.fact(new PersonalFacts(1980, "BA", null, null), 3, AT);

        Document group = ProfileCodec.group(ProfileGroup.PERSONAL, personal);

        assertThat(group).doesNotContainKeys("assets", "incomeSources");
        assertThat(ProfileCodec.fact(ProfileGroup.PERSONAL, group, "profile")).isEqualTo(personal);
    }

    @Test
    void aFieldOfTheWrongTypeIsMalformedNamingTheFieldNotTheValue() {
        Document document = ProfileCodec.document(TestProfiles.profile(TestProfiles.subject(), 1), AT);
        document.get("profile", Document.class).getList("assets", Document.class).get(0).put("value", "lots");

        assertThatThrownBy(() -> ProfileCodec.read(document)).isInstanceOf(MalformedProfileException.class)
                .hasMessage("profile.assets[0].value is not a number");
    }

    @Test
    void aDocumentWithOnlyAnErasureIsATombstone() {
        Document tombstone = new Document("_id", TestProfiles.subject()).append(ProfileFields.ERASURE,
                ProfileCodec.erasure(new Erasure(12, AT, AT))).append(ProfileFields.UPDATED_AT, new Date());

        ProfileDocument read = ProfileCodec.read(tombstone);

        assertThat(read.isTombstone()).isTrue();
        assertThat(read.erasure().sourceVersion()).isEqualTo(12);
    }

    @Test
    void noContentFieldOfAGroupCollidesWithAStamp() {
        String subject = TestProfiles.subject();
        Profile profile = new Profile(subject, TestProfiles.profile(subject, 1).personal(), TestProfiles.profile(subject, 1).debts(),
                TestProfiles.fact(new ReportedFacts(BigDecimal.ONE, 1, 1, 1, LocalDate.of(2026, 1, 1)), 1, AT));
        for (ProfileGroup group : ProfileGroup.values()) {
            Document content = switch (group) {
                case PERSONAL -> ProfileCodec.personal(profile.personal().value());
                case DEBT_SUMMARY -> ProfileCodec.debts(profile.debts().value());
                case REPORTED_FACTS -> ProfileCodec.reported(profile.reported().value());
            };
            assertThat(content).as(group.name()).doesNotContainKeys(ProfileFields.SOURCE_VERSION, ProfileFields.OCCURRED_AT,
                    ProfileFields.RECORDED_AT, ProfileFields.EVENT_ID);
        }
    }
}

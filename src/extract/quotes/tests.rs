//! Attribution in sentences of our own: each pattern the rules cover, as a table.

use crate::extract::{Extractor, QuoteKind};
use crate::Article;

/// (kind, text, speaker name or the unnamed source's words) for each record found.
fn records(body: &str) -> Vec<(&'static str, String, String)> {
    let a = Article::from_text("t", "", body);
    Extractor::default()
        .enrich(&a)
        .quotes
        .iter()
        .map(|q| {
            let who = match (&q.speaker, q.speaker_span) {
                (Some(s), _) => s.clone(),
                (None, Some((s0, s1))) => format!("({})", &body[s0..s1]),
                (None, None) => "?".into(),
            };
            (q.kind.as_str(), body[q.start..q.end].to_string(), who)
        })
        .collect()
}

/// (quote, speaker) for each record in quotation marks, direct or partial.
fn quotes(body: &str) -> Vec<(String, String)> {
    records(body)
        .into_iter()
        .filter(|(kind, _, _)| *kind != QuoteKind::Indirect.as_str())
        .map(|(_, q, s)| (q, s))
        .collect()
}

/// Each pattern the attributor covers, in a sentence of our own.
#[test]
fn attribution_patterns() {
    let maria = "Maria Lopez, the mayor of Springfield, spoke on Monday.\n";
    let mut failures = Vec::new();
    for (body, want) in [
        // "...," X said
        (format!("{maria}“We will rebuild the bridge,” Lopez said."), vec![("We will rebuild the bridge,", "Maria Lopez")]),
        // "...," said X, with an apposition after the name
        ("“The plan is late,” said John Okafor, an engineer at the port.".to_string(), vec![("The plan is late,", "John Okafor")]),
        // X said "..."
        (format!("{maria}Lopez said: “The bridge opens in May.”"), vec![("The bridge opens in May.", "Maria Lopez")]),
        // X told Y: "..."
        (format!("{maria}Lopez told reporters: “We are ready.”"), vec![("We are ready.", "Maria Lopez")]),
        // according to X
        ("“Costs doubled,” according to John Okafor.".to_string(), vec![("Costs doubled,", "John Okafor")]),
        // he/she resolved to the person in focus, by sex
        (
            "John Okafor met Maria Lopez on Friday. Okafor said the talks went well.\n“We agreed on the budget,” she said.".to_string(),
            vec![("We agreed on the budget,", "Maria Lopez")],
        ),
        (
            "Maria Lopez met John Okafor on Friday. Lopez said the talks went well.\n“We agreed on the budget,” he said.".to_string(),
            vec![("We agreed on the budget,", "John Okafor")],
        ),
        // a paragraph that is all quote continues the previous speaker
        (
            format!("{maria}“We will rebuild,” Lopez said.\n“And we will do it this year.”"),
            vec![("We will rebuild,", "Maria Lopez"), ("And we will do it this year.", "Maria Lopez")],
        ),
        // a quote over two paragraphs: a mark opens each, only the last closes
        (
            format!("{maria}Lopez said: “The first part is done.\n“The second part starts soon.”"),
            vec![("The first part is done.", "Maria Lopez"), ("The second part starts soon.", "Maria Lopez")],
        ),
        // quoted words after "called": the reported clause around them
        (format!("{maria}Lopez called the delay “a disgrace” on Monday."), vec![("the delay “a disgrace” on Monday", "Maria Lopez")]),
        // single quotes inside double ones stay inside
        (format!("{maria}“They said ‘wait’, and we waited,” Lopez said."), vec![("They said ‘wait’, and we waited,", "Maria Lopez")]),
        // role nouns: the person who held the role earlier
        (
            "Springfield Mayor Maria Lopez met the governor. Later the mayor said: “We are not done.”".to_string(),
            vec![("We are not done.", "Maria Lopez")],
        ),
        // an organisation as speaker
        ("“The report is false,” the Springfield Water Authority said.".to_string(), vec![("The report is false,", "Springfield Water Authority")]),
        // an unnamed source kept as its words
        ("“Nobody told us,” a resident of the street said.".to_string(), vec![("Nobody told us,", "(a resident of the street)")]),
        // words someone owns ("her remarks", "his promise"), not the sentence's subject
        (format!("{maria}The crowd loved her remarks about a “new era” for the city."), vec![("new era", "Maria Lopez")]),
        (
            format!("{maria}John Okafor, the engineer, came too.\nThe council welcomed his promise of “a safer bridge” with applause."),
            vec![("a safer bridge", "John Okafor")],
        ),
        // the source a report rests on: "according to" outranks the verb
        (
            format!("{maria}“We are ready,” Lopez told the council, according to the Springfield Gazette."),
            vec![("We are ready,", "Springfield Gazette")],
        ),
        // a named subject before an apposition, not the word after the verb
        (
            "John Okafor, an engineer who advised Lopez, said Springfield has been “a model city.”".to_string(),
            vec![("Springfield has been “a model city.”", "John Okafor")],
        ),
        // a participle after a thing belongs to the sentence's subject
        (
            format!("{maria}Lopez wrote a letter to the council asking it to end the “shameful delay.”"),
            vec![("a letter to the council asking it to end the “shameful delay.”", "Maria Lopez")],
        ),
        // an opening phrase before the subject, and words that describe the subject
        (
            "In a speech on Monday, Springfield mayor Maria Lopez called the plan “a disgrace.”".to_string(),
            vec![("the plan “a disgrace.”", "Maria Lopez")],
        ),
        // "continued" is a verb of speech
        (format!("{maria}“We will finish,” Lopez continued."), vec![("We will finish,", "Maria Lopez")]),
        // "who" after a name: the person, with the attribution resting on "who"
        (
            "“We are ready,” said John Okafor, an engineer, who added that the port was “nearly done.”".to_string(),
            vec![("We are ready,", "John Okafor"), ("that the port was “nearly done.”", "John Okafor")],
        ),
        // a subordinate clause before the subject, whoever it names
        (
            format!("{maria}When John Okafor resigned, she called the news “a real loss.”"),
            vec![("the news “a real loss.”", "Maria Lopez")],
        ),
        // words someone owns just before the quote
        (
            format!("{maria}Voters cheered her promise to be “tough on crime.”"),
            vec![("tough on crime.", "Maria Lopez")],
        ),
        // "According to X," at the start of the sentence
        (
            format!("{maria}According to the Springfield Gazette, “the bridge is safe.”"),
            vec![("the bridge is safe.", "Springfield Gazette")],
        ),
        // a paragraph ending in a colon introduces the quote of the next
        (
            format!("{maria}Lopez told the council:\n“We will rebuild the bridge this year.”"),
            vec![("We will rebuild the bridge this year.", "Maria Lopez")],
        ),
        // a verb far after a mid-sentence quote belongs to another clause
        (
            format!("{maria}Lopez called the delay “a disgrace” on Monday, and John Okafor later said nothing."),
            vec![("the delay “a disgrace” on Monday", "Maria Lopez")],
        ),
        // an exclamation ends the sentence; the attribution follows with a phrase
        (
            format!("{maria}“We won!” Lopez wrote in an email to the council on Friday."),
            vec![("We won!", "Maria Lopez")],
        ),
        // the main clause's speaker, not a verb inside what they said
        (
            format!("{maria}At one point, Lopez said reporters were calling “every ten minutes.”"),
            vec![("reporters were calling “every ten minutes.”", "Maria Lopez")],
        ),
        // a question ends the sentence; a name and its verb open the next, however long
        (
            format!("{maria}“Do you think I will change?” Lopez asked reporters rhetorically during a long news conference on Friday."),
            vec![("Do you think I will change?", "Maria Lopez")],
        ),
        // a verb in a subordinate clause does not outrank the main clause's
        (
            "While not everything John Okafor says is true, Maria Lopez said he was “mostly right.”".to_string(),
            vec![("he was “mostly right.”", "Maria Lopez")],
        ),
        // a description with a possessive before a participle
        (
            "Her chief aide doubled down, saying the plan was “dead on arrival.”".to_string(),
            vec![("the plan was “dead on arrival.”", "(Her chief aide)")],
        ),
        // ", adding, ..." belongs to the verb of speech before it
        (
            format!("{maria}Okafor and Lopez will meet next week, Lopez said, adding, “We need a good talk.”"),
            vec![("We need a good talk.", "Maria Lopez")],
        ),
        // a name with a parenthesis before an apposition
        (
            "Later, Sen. John Okafor (D-N.Y.), who backs the plan, said Lopez was “stronger” now.".to_string(),
            vec![("Lopez was “stronger” now", "John Okafor")],
        ),
        // a name, an apposition with commas of its own, then the verb
        (
            "John Okafor, an engineer from Salem, Oregon, says Lopez will “win easily.”".to_string(),
            vec![("Lopez will “win easily.”", "John Okafor")],
        ),
        // a subject with a relative clause before its verb
        (
            "Maria Lopez, who has spent the week in Salem, on Friday described a “big tent” party.".to_string(),
            vec![("a “big tent” party", "Maria Lopez")],
        ),
        // "that said": a thing that carries words
        (
            "They handed out bottles that said, “Welcome to the games.”".to_string(),
            vec![("Welcome to the games.", "(that)")],
        ),
        // an opening participle phrase with a clause of its own before the subject
        (
            "Speaking to reporters in Salem, which votes next week, Maria Lopez replied: “a bright idea.”".to_string(),
            vec![("a bright idea.", "Maria Lopez")],
        ),
        // an adverb before a verb is no speaker: the paragraph's speaker goes on
        (
            format!("{maria}“We were attacked,” Lopez said, with a passion that almost suggested anger. “We rebuilt.”"),
            vec![("We were attacked,", "Maria Lopez"), ("We rebuilt.", "Maria Lopez")],
        ),
        // a bare plural is an unnamed source
        ("“It will fail,” critics said.".to_string(), vec![("It will fail,", "(critics)")]),
        // a phrasal verb of speech
        (format!("{maria}“That is free stuff,” Lopez shot back with a laugh."), vec![("That is free stuff,", "Maria Lopez")]),
        // a verb in a relative clause after the quote says nothing of it
        (
            format!("{maria}Lopez called it a “paperwork error” that was reported in the press."),
            vec![("it a “paperwork error” that was reported in the press", "Maria Lopez")],
        ),
        // a dash and a name after the quote
        (
            "“We need more buses.” ― Maria Lopez, Springfield\n“Fix the roads.”\n\n- John Okafor, Salem".to_string(),
            vec![("We need more buses.", "Maria Lopez"), ("Fix the roads.", "John Okafor")],
        ),
        // a passive's agent
        (
            format!("{maria}In a meeting she was told by John Okafor of “at least forty people”."),
            vec![("at least forty people", "John Okafor")],
        ),
        // a description as the sentence's subject; "declined to" reports the clause around the quote
        (
            "The council met on Monday. The agency declined to detail the “scope of the review.”".to_string(),
            vec![("to detail the “scope of the review.”", "(The agency)")],
        ),
        // a transcript's labels, each paragraph opened by a mark left open; a label in
        // capitals the tagger does not know is the article's person of that surname
        (
            format!(
                "{maria}John Okafor interviewed her.\n\n\"OKAFOR: Will the bridge open in May?\n\n\"LOPEZ: It will, and on time.\n\n\"BOTH: Thank you."
            ),
            vec![("Will the bridge open in May?", "John Okafor"), ("It will, and on time.", "Maria Lopez"), ("Thank you.", "(BOTH)")],
        ),
        // quotation marks inside markup delimit attributes, not speech
        (
            "<tweet author=\"someone\" date=\"2016-02-28\">We won big</tweet>".to_string(),
            vec![],
        ),
        // a title with small words and a number is a name
        ("She watched “Fight for 15” and left.".to_string(), vec![]),
        // names and titles in quotation marks, and scare quotes, are not speech
        ("The boat, “The Flying Fish”, left at noon with its “experts” aboard.".to_string(), vec![]),
        // a phrase of up to three words in marks, inside a sentence with no verb of speech
        ("The fund sits in a “state of emergency” until May.".to_string(), vec![]),
        // a short sentence of its own in marks is speech, attributed or not
        (format!("{maria}Lopez was asked whether she would run.\n“Neither will I.”"), vec![("Neither will I.", "Maria Lopez")]),
    ] {
        let got = quotes(&body);
        let want: Vec<(String, String)> = want.into_iter().map(|(q, s)| (q.to_string(), s.to_string())).collect();
        if got != want {
            failures.push(format!("{body:?}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unclosed_mark_stops_at_its_paragraph() {
    let body =
        "Lopez said “we will see.\nThe council met on Tuesday and voted.\nIt adjourned at six.";
    let got = quotes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "we will see.");
}

/// Reported speech, partial and split quotes: (kind, text, speaker) for every record.
#[test]
fn reported_speech_patterns() {
    let maria = "Maria Lopez, the mayor of Springfield, spoke on Monday.\n";
    let mut failures = Vec::new();
    for (body, want) in [
        // indirect, with a name as the source
        (
            "Maria Lopez said the bridge would open in May.".to_string(),
            vec![("indirect", "the bridge would open in May", "Maria Lopez")],
        ),
        // a pronoun, resolved by focus and sex
        (
            format!("{maria}John Okafor left early. She said the bridge would open in May."),
            vec![("indirect", "the bridge would open in May", "Maria Lopez")],
        ),
        // a role: the person who held it earlier
        (
            "Springfield Mayor Maria Lopez met the council. The mayor said the bridge would open in May.".to_string(),
            vec![("indirect", "the bridge would open in May", "Maria Lopez")],
        ),
        // the day it was said on, without "that": wire copy's commonest report
        (
            "Stellar Motors Corp said on Tuesday it would close the plant. Maria Lopez said Friday the bridge would open in May.".to_string(),
            vec![
                ("indirect", "it would close the plant", "Stellar Motors Corp"),
                ("indirect", "the bridge would open in May", "Maria Lopez"),
            ],
        ),
        // ... or the statement it was said in
        (
            "Stellar Motors Corp said in an emailed statement on Tuesday it would close the plant.".to_string(),
            vec![("indirect", "it would close the plant", "Stellar Motors Corp")],
        ),
        // an organisation
        (
            "The Springfield Water Authority said the water was safe to drink.".to_string(),
            vec![("indirect", "the water was safe to drink", "Springfield Water Authority")],
        ),
        // an unnamed source, kept as its words
        (
            "A resident of the street said nobody had warned them.".to_string(),
            vec![("indirect", "nobody had warned them", "(A resident of the street)")],
        ),
        // a hearer before a "that" clause
        (
            format!("{maria}Lopez told reporters that the budget was final."),
            vec![("indirect", "that the budget was final", "Maria Lopez")],
        ),
        // the attribution after the clause
        (
            format!("{maria}The bridge will open in May, Lopez said."),
            vec![("indirect", "The bridge will open in May", "Maria Lopez")],
        ),
        // according to X, opening the sentence or closing it
        (
            "According to the Springfield Gazette, the bridge is safe.".to_string(),
            vec![("indirect", "the bridge is safe", "Springfield Gazette")],
        ),
        (
            "The bridge is safe, according to the Springfield Gazette.".to_string(),
            vec![("indirect", "The bridge is safe", "Springfield Gazette")],
        ),
        // quoted words inside the reported clause: the clause, partial
        (
            format!("{maria}Lopez said the police were responsive and “very committed” to hearing her."),
            vec![("partial", "the police were responsive and “very committed” to hearing her", "Maria Lopez")],
        ),
        // two quoted fragments: a piece of the clause for each
        (
            format!("{maria}Lopez said the “good news” was that there was “no delay”."),
            vec![("partial", "the “good news”", "Maria Lopez"), ("partial", "was that there was “no delay”", "Maria Lopez")],
        ),
        // a clause wholly in marks is the quote, without its marks
        (
            format!("{maria}Lopez said: “The bridge opens in May.”"),
            vec![("direct", "The bridge opens in May.", "Maria Lopez")],
        ),
        // a quote split by its attribution: two direct pieces, one speaker
        (
            format!("{maria}“We will rebuild,” Lopez said, “and we will do it this year.”"),
            vec![("direct", "We will rebuild,", "Maria Lopez"), ("direct", "and we will do it this year.", "Maria Lopez")],
        ),
        // nested reported speech is part of the outer clause
        (
            format!("{maria}Lopez said John Okafor believed the bridge was safe."),
            vec![("indirect", "John Okafor believed the bridge was safe", "Maria Lopez")],
        ),
        // the same speaker goes on from reported speech to a quote
        (
            format!("{maria}Lopez said the bridge was safe.\n“We checked every bolt.”"),
            vec![("indirect", "the bridge was safe", "Maria Lopez"), ("direct", "We checked every bolt.", "Maria Lopez")],
        ),
        // the attribution splitting the clause: a piece on each side, one speaker
        (
            format!("{maria}Too often, Lopez said, the bridge closes without warning."),
            vec![("indirect", "Too often", "Maria Lopez"), ("indirect", "the bridge closes without warning", "Maria Lopez")],
        ),
        // a parenthesis between hyphens with spaces, as copy that lost its dashes writes it
        (
            "A spokesman for the Springfield Water Authority - a public agency since 1990 - said the water was safe.".to_string(),
            vec![("indirect", "the water was safe", "(A spokesman for the Springfield Water Authority)")],
        ),
        // a participle after a comma: the subject of the reporting verb before it, not a name
        // in the opening phrase
        (
            "Like John Okafor before her, Maria Lopez rejected the plan on Monday, arguing it cost too much.".to_string(),
            vec![
                ("indirect", "the plan on Monday", "Maria Lopez"),
                ("indirect", "it cost too much", "Maria Lopez"),
            ],
        ),
        // views and decisions are reported as PolNeAR counts them ("sees X as", "decided to")
        (
            "Maria Lopez sees the bridge as a symbol of the city. John Okafor decided to close the port.".to_string(),
            vec![
                ("indirect", "the bridge as a symbol of the city", "Maria Lopez"),
                ("indirect", "to close the port", "John Okafor"),
            ],
        ),
        // an attribution closing the sentence reports the whole clause, a cue inside it too
        (
            "In the spring, the city council added two lanes to the bridge, the Springfield Gazette reported.".to_string(),
            vec![("indirect", "In the spring, the city council added two lanes to the bridge", "Springfield Gazette")],
        ),
        // an archive that quotes with two apostrophes: read as reported speech (PolNeAR's
        // reading), attributed as a quote is, also when the speaker goes on
        (
            "''The plan is late,'' said John Okafor, an engineer at the port.".to_string(),
            vec![("indirect", "The plan is late,", "John Okafor")],
        ),
        (
            format!("{maria}Lopez said the bridge was late.\n''We will open it in May,'' she said. ''It is safe.''"),
            vec![
                ("indirect", "the bridge was late", "Maria Lopez"),
                ("indirect", "We will open it in May,", "Maria Lopez"),
                ("indirect", "It is safe.", "Maria Lopez"),
            ],
        ),
        // ... and a full stop before the apostrophes ends the clause before it and opens the
        // one after, where the sentence split missed it
        (
            format!("{maria}The bridge was late, Lopez said, after years of work. ''We will open it in May,'' she said."),
            vec![
                ("indirect", "The bridge was late", "Maria Lopez"),
                ("indirect", "after years of work", "Maria Lopez"),
                ("indirect", "We will open it in May,", "Maria Lopez"),
            ],
        ),
        (
            format!("{maria}Lopez said the bridge was ''very safe'' now."),
            vec![("indirect", "the bridge was ''very safe'' now", "Maria Lopez")],
        ),
        // a verb that reports what follows "to"
        (
            format!("{maria}Lopez declined to comment on the plan."),
            vec![("indirect", "to comment on the plan", "Maria Lopez")],
        ),
        ("As expected, the bridge opened in May.".to_string(), vec![]),
        // a second cue joined by "and" reports a clause of its own
        (
            format!("{maria}Lopez said the repairs were slow and called the delay a disgrace."),
            vec![("indirect", "the repairs were slow", "Maria Lopez"), ("indirect", "the delay a disgrace", "Maria Lopez")],
        ),
        // words between the name and its verb ("has long said", "just this month announced")
        (
            format!("{maria}Lopez has long said the bridge was safe."),
            vec![("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        // a plural description without a determiner, mid-sentence
        (
            "The council met, and human rights groups warned that the bridge was unsafe.".to_string(),
            vec![("indirect", "that the bridge was unsafe", "(human rights groups)")],
        ),
        // an apposition before a verb that does not invert is the subject, not what was said
        (
            "John Okafor, an engineer at the port, called for more money in a statement.".to_string(),
            vec![("indirect", "more money in a statement", "John Okafor")],
        ),
        // "state" is a noun unless inflected
        ("The bridge carries a state highway over the river.".to_string(), vec![]),
        // a pronoun object reports nothing
        (format!("{maria}Lopez did not mention it in her speech."), vec![]),
        // a verb that reports the phrase after its preposition
        (
            format!("{maria}Lopez called for a new vote on the budget."),
            vec![("indirect", "a new vote on the budget", "Maria Lopez")],
        ),
        (
            format!("{maria}Lopez called on the council to close the bridge."),
            vec![("indirect", "the council to close the bridge", "Maria Lopez")],
        ),
        (
            format!("{maria}Lopez talked about her plan for the port."),
            vec![("indirect", "her plan for the port", "Maria Lopez")],
        ),
        // but not with another preposition, nor with a name or a pronoun after it
        (format!("{maria}Lopez called at noon."), vec![]),
        ("Maria Lopez waved, referring to John Okafor.".to_string(), vec![]),
        (format!("{maria}Lopez talked about it."), vec![]),
        // a time with "in" between the subject and its verb
        (
            "Federal prosecutors in April charged two developers with fraud.".to_string(),
            vec![("indirect", "two developers with fraud", "(Federal prosecutors)")],
        ),
        // auxiliaries and "not" between the subject and its verb
        (
            "Lawmakers have not said when they would vote.".to_string(),
            vec![("indirect", "when they would vote", "(Lawmakers)")],
        ),
        // a verb that reports what follows its "to" reports nothing before it
        (
            "If the bill passes, the council could decline to appeal.".to_string(),
            vec![("indirect", "to appeal", "(the council)")],
        ),
        // "what X said was": the subject stops at "what"
        (
            "The fees rose, amounting to what the senators said was a tax.".to_string(),
            vec![("indirect", "was a tax", "(the senators)")],
        ),
        // verbs of blame, praise and opposition report their object
        (
            format!("{maria}Lopez blamed the governor for the delays."),
            vec![("indirect", "the governor for the delays", "Maria Lopez")],
        ),
        (
            format!("{maria}Lopez touted the new budget on Monday."),
            vec![("indirect", "the new budget on Monday", "Maria Lopez")],
        ),
        (
            format!("{maria}Lopez has opposed closing the bridge."),
            vec![("indirect", "closing the bridge", "Maria Lopez")],
        ),
        // a noun of speech before a "that" clause
        (
            format!("{maria}Lopez repeated her claim that the bridge was unsafe."),
            vec![("indirect", "that the bridge was unsafe", "Maria Lopez")],
        ),
        (
            "The council made the assertion that the bridge was unsafe.".to_string(),
            vec![("indirect", "that the bridge was unsafe", "(The council)")],
        ),
        // a relative clause: what the source said the thing was
        (
            format!("{maria}The council approved what Lopez said was a fair budget."),
            vec![("indirect", "was a fair budget", "Maria Lopez")],
        ),
        // a coordinated verb after a role-holder's description: that description speaks
        (
            format!("{maria}The mayor held talks with John Okafor, but afterwards suggested the bridge was safe."),
            vec![("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        // a bare plural with its complement is an unnamed source
        (
            "The bridge is unsafe, according to engineers at the port.".to_string(),
            vec![("indirect", "The bridge is unsafe", "(engineers at the port)")],
        ),
        // a quote that ended the sentence or paragraph before does not silence the next cue
        (
            format!("{maria}“We are ready.”\n\nLopez said the bridge was safe."),
            vec![("direct", "We are ready.", "Maria Lopez"), ("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        (
            format!("{maria}She calls it “the best” bridge. Lopez said the bridge was safe."),
            vec![("partial", "it “the best” bridge", "Maria Lopez"), ("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        // a colon far from the cue goes on, as PolNeAR's clause does
        (
            format!("{maria}Lopez said the bridge can help the port, too: in May the ships come."),
            vec![("indirect", "the bridge can help the port, too: in May the ships come", "Maria Lopez")],
        ),
        // an apposition before the verb, an auxiliary after it: no inverted subject
        (
            "John Okafor, the port's chief engineer, said the bridge was closed early, not late.".to_string(),
            vec![("indirect", "the bridge was closed early, not late", "John Okafor")],
        ),
        // "according to" a source described at length
        (
            "The bridge is unsafe, according to the results of the latest survey released by the port.".to_string(),
            vec![("indirect", "The bridge is unsafe", "(the results of the latest survey released by the port)")],
        ),
        // an opening phrase that names nobody is not the subject of a coordinated verb
        (
            format!("{maria}Likewise, Lopez went after the council and called for a new vote."),
            vec![("indirect", "a new vote", "Maria Lopez")],
        ),
        // an adverb between a pronoun and its verb
        (
            "In addition, we now know that the bridge is closed.".to_string(),
            vec![("indirect", "that the bridge is closed", "(we)")],
        ),
        // a description too long for a noun phrase, up to the verb
        (
            "People with knowledge of the port's plans said the bridge would close.".to_string(),
            vec![("indirect", "the bridge would close", "(People with knowledge of the port's plans)")],
        ),
        // a linked story's headline: a name, a colon and what they said
        (
            "The bridge opened.\nJohn Okafor: Port Bridge Will Close Again in May".to_string(),
            vec![("indirect", "Port Bridge Will Close Again in May", "John Okafor")],
        ),
        // an attribution splitting the clause before its verb: the verb opens the second piece
        (
            format!("{maria}The bridge, Lopez said, will close in May."),
            vec![("indirect", "The bridge", "Maria Lopez"), ("indirect", "will close in May", "Maria Lopez")],
        ),
        // a full stop before a quotation ends the clause even where the sentence runs on
        (
            format!("{maria}Lopez said the bridge will close. \"We have no choice but to close it now,\" she said."),
            vec![("indirect", "the bridge will close", "Maria Lopez"), ("direct", "We have no choice but to close it now,", "Maria Lopez")],
        ),
        // an opening phrase with a preposition is no subject, whoever it names; a coordinated
        // verb's subject is the reporting verb's before it
        (
            format!("{maria}In an interview with the Springfield Gazette, Lopez questioned the budget and refused to sign the plan."),
            vec![("indirect", "the budget", "Maria Lopez"), ("indirect", "to sign the plan", "Maria Lopez")],
        ),
        // after a subordinate clause, the sentence's subject, in lower case
        (
            "If the council wins, the port authority could close the bridge or decline to pay for repairs.".to_string(),
            vec![("indirect", "to pay for repairs", "(the port authority)")],
        ),
        // a time of months or years between subject and verb
        (
            "Port officials last month warned that the bridge was unsafe.".to_string(),
            vec![("indirect", "that the bridge was unsafe", "(Port officials)")],
        ),
        // a noun of speech or belief, its content after a copula, its source in the noun phrase
        (
            "An early read from the port authority was that the bridge could reopen.".to_string(),
            vec![("indirect", "that the bridge could reopen", "(the port authority)")],
        ),
        (
            format!("{maria}Her argument on Monday was that the bridge is too old."),
            vec![("indirect", "that the bridge is too old", "Maria Lopez")],
        ),
        ("The fact is that the bridge is old.".to_string(), vec![]),
        // "all", "both", "each" after the subject
        (
            "The port engineers all said the bridge is unsafe.".to_string(),
            vec![("indirect", "the bridge is unsafe", "(The port engineers)")],
        ),
        // a relative is the subject of both its coordinated verbs
        (
            "The council met John Okafor, who has toured the bridge and called for its closure.".to_string(),
            vec![("indirect", "its closure", "John Okafor")],
        ),
        // "long" between "who" and its verb
        (
            "The council met John Okafor, who has long opposed the new bridge.".to_string(),
            vec![("indirect", "the new bridge", "John Okafor")],
        ),
        // a time after the verb is nothing said
        ("A spokesman for the port announced on Monday morning.".to_string(), vec![]),
        // after a quote and a long speaker, a time and a circumstance are nothing said
        (
            "“We will not give up,” Springfield Mayor Maria Lopez, 52, said Friday as she left the talks.".to_string(),
            vec![("direct", "We will not give up,", "Maria Lopez")],
        ),
        (
            "“We will not give up,” Maria Lopez, 52, said as she left the talks.".to_string(),
            vec![("direct", "We will not give up,", "Maria Lopez")],
        ),
        // a subject set off by commas before "said in a statement": a name and its apposition,
        // or a role and its name, is who spoke, not what was said
        (
            "The plant will close in May, Maria Lopez, the chief executive, said in a statement.".to_string(),
            vec![("indirect", "The plant will close in May", "Maria Lopez")],
        ),
        (
            "“The plant will close,” Maria Lopez, the chief executive of Stellar Motors, said in a statement.".to_string(),
            vec![("direct", "The plant will close,", "Maria Lopez")],
        ),
        (
            "“The plant will close,” the chief executive of Stellar Motors, Maria Lopez, said in a statement.".to_string(),
            vec![("direct", "The plant will close,", "Maria Lopez")],
        ),
        // ... also over a cue inside the clause
        (
            "The port forgives fines if a shipper agrees to pay, and there is no follow-up, the port's inspector general, John Okafor, said in his report.".to_string(),
            vec![("indirect", "The port forgives fines if a shipper agrees to pay, and there is no follow-up", "John Okafor")],
        ),
        // "the daily" is who said it, not an adverb before the verb
        (
            "Stellar Motors will build the plants this year, the daily said.".to_string(),
            vec![("indirect", "Stellar Motors will build the plants this year", "(the daily)")],
        ),
        // "said of" after a quote: what the quote was about
        (
            "“The figures were weak,” John Okafor, an economist at the port, said of the data.".to_string(),
            vec![("direct", "The figures were weak,", "John Okafor")],
        ),
        (
            "“The figures were weak,” John Okafor, an economist at the port and a professor at the college, said of the data.".to_string(),
            vec![("direct", "The figures were weak,", "John Okafor")],
        ),
        // a name and its apposition before the verb are its subject, not what was said
        (
            "Maria Lopez, the mayor of Springfield, said drivers still want the old bridge.".to_string(),
            vec![("indirect", "drivers still want the old bridge", "Maria Lopez")],
        ),
        // "according to" whatever words follow, up to the punctuation
        (
            "The bridge is unsafe, according to engineers familiar with the design.".to_string(),
            vec![("indirect", "The bridge is unsafe", "(engineers familiar with the design)")],
        ),
        // a passive's subject is not who spoke, its agent is; "worried" is a feeling
        (
            format!("{maria}Lopez was asked about the delays on the bridge."),
            vec![("indirect", "the delays on the bridge", "?")],
        ),
        (
            format!("{maria}Lopez was told by the engineers that the bridge is unsafe."),
            vec![("indirect", "that the bridge is unsafe", "(the engineers)")],
        ),
        (
            format!("{maria}Lopez is worried that the bridge is unsafe."),
            vec![("indirect", "that the bridge is unsafe", "Maria Lopez")],
        ),
        // a participle before a plural is part of the description
        (
            "But hacking specialists say the leaked files might not be genuine.".to_string(),
            vec![("indirect", "the leaked files might not be genuine", "(hacking specialists)")],
        ),
        // the subject before a parenthesis in dashes, typeset or typewritten
        (
            "Most engineers — and half of the port's staff — said that the bridge is unsafe.".to_string(),
            vec![("indirect", "that the bridge is unsafe", "(Most engineers)")],
        ),
        (
            format!("{maria}Lopez -- the port's longest-serving mayor -- said the bridge is unsafe."),
            vec![("indirect", "the bridge is unsafe", "Maria Lopez")],
        ),
        // a plural after a quantity is a noun
        ("The council received multiple reports about the bridge.".to_string(), vec![]),
        // "want" reports only what follows its "to"
        (
            format!("{maria}Lopez wants to close the bridge in May."),
            vec![("indirect", "to close the bridge in May", "Maria Lopez")],
        ),
        (format!("{maria}Lopez put up wanted posters."), vec![]),
        // "states" reports only a "that" clause; as a noun it reports nothing
        (
            "The report states that the bridge is safe.".to_string(),
            vec![("indirect", "that the bridge is safe", "(The report)")],
        ),
        ("Mayors of the coastal states, among them Maria Lopez, voted no.".to_string(), vec![]),
        // a markup tag left in the text is no verb
        ("<tweet author=\"port\">The bridge is closed</tweet>.".to_string(), vec![]),
        // "that" clauses that report nothing
        ("The fact that the bridge is closed angers drivers.".to_string(), vec![]),
        (format!("{maria}Lopez closed the bridge so that the workers could fix it."), vec![]),
        // a name set off by commas before the verb is its subject, not a name after it
        (
            format!("{maria}The port's chief engineer, John Okafor, said Lopez believes the bridge is unsafe."),
            vec![("indirect", "Lopez believes the bridge is unsafe", "John Okafor")],
        ),
        // a cue in the sentence's opening clause reports up to its comma
        (
            format!("{maria}When Lopez announced the closure, the drivers said the bridge was safe."),
            vec![
                ("indirect", "the closure", "Maria Lopez"),
                ("indirect", "the bridge was safe", "(the drivers)"),
            ],
        ),
        // a participle after "with": the phrase between them is its subject
        (
            "The council voted on the plan, with three engineers saying the bridge was unsafe.".to_string(),
            vec![("indirect", "the bridge was unsafe", "(three engineers)")],
        ),
        // a long description after an opening word and its comma
        (
            "Indeed, engineers at the old port say the bridge is unsafe.".to_string(),
            vec![("indirect", "the bridge is unsafe", "(engineers at the old port)")],
        ),
        // the reporter's hedge reports what follows, with no source; before a cue's "to" the
        // subject speaks, and with nothing after it nothing is reported
        (format!("{maria}Lopez seemed to be tired of the delays."), vec![("indirect", "to be tired of the delays", "?")]),
        (
            format!("{maria}Lopez seemed to think the bridge was unsafe."),
            vec![("indirect", "to think the bridge was unsafe", "Maria Lopez")],
        ),
        (
            format!("{maria}As odd as it may seem, Lopez said the bridge was safe."),
            vec![("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        // a closing attribution reports the whole clause, the cue inside it included: after
        // "according to", before a participle that opens a new one, and with a time after it
        (
            format!("{maria}Lopez declined to renew the contract, according to an engineer at the port."),
            vec![("indirect", "Lopez declined to renew the contract", "(an engineer at the port)")],
        ),
        (
            format!("{maria}Lopez intends to close the bridge in May, John Okafor said, adding that the port would pay."),
            vec![
                ("indirect", "Lopez intends to close the bridge in May", "John Okafor"),
                ("indirect", "that the port would pay", "John Okafor"),
            ],
        ),
        (
            format!("{maria}Lopez told the council she would close the bridge, a local paper reported late Thursday."),
            vec![("indirect", "Lopez told the council she would close the bridge", "(a local paper)")],
        ),
        // a relative clause with a cue of its own between a subject and its verb of speech
        (
            "The engineers who want to close the bridge said the budget was too small.".to_string(),
            vec![
                ("indirect", "to close the bridge", "(who)"),
                ("indirect", "the budget was too small", "(The engineers)"),
            ],
        ),
        (
            "The groups that called for a ban said the vote was unfair.".to_string(),
            vec![("indirect", "a ban", "(that)"), ("indirect", "the vote was unfair", "(The groups)")],
        ),
        (
            format!("{maria}Lopez said that John Okafor said the vote was unfair."),
            vec![("indirect", "that John Okafor said the vote was unfair", "Maria Lopez")],
        ),
        // a name after a place and a title in capitals opens the sentence's subject
        (
            "In addition to the appeals, Texas Attorney General Daniel Brooks filed a lawsuit in 2013 alleging that the bridge was unsafe.".to_string(),
            vec![("indirect", "that the bridge was unsafe", "Daniel Brooks")],
        ),
        // a dash goes on: the clause runs over an aside in dashes, typeset or typewritten
        (
            format!("{maria}Lopez said the bridge — a project of the port — would open in May."),
            vec![("indirect", "the bridge — a project of the port — would open in May", "Maria Lopez")],
        ),
        (
            format!("{maria}Lopez said the plan had successes -- for instance, the new lanes."),
            vec![("indirect", "the plan had successes -- for instance, the new lanes", "Maria Lopez")],
        ),
        // "when asked": whoever asked goes unnamed
        (
            format!("{maria}When asked about the plan, Lopez said it was late."),
            vec![("indirect", "the plan", "?"), ("indirect", "it was late", "Maria Lopez")],
        ),
        // ... but not after "As", whose cue reports the main clause
        (
            format!("{maria}As Lopez said, the bridge was safe."),
            vec![("indirect", "the bridge was safe", "Maria Lopez")],
        ),
        // a subject with an aside before a verb with nothing after it, or with a clause after it
        // that a negated auxiliary shows is no inverted subject: the subject is not what was said
        (
            "Port engineer John Okafor, at a meeting on Monday, said, “The bridge is safe.”".to_string(),
            vec![("direct", "The bridge is safe.", "John Okafor")],
        ),
        (
            "Port engineer John Okafor, who runs the docks, said the council didn't fund the bridge.".to_string(),
            vec![("indirect", "the council didn't fund the bridge", "John Okafor")],
        ),
        // a headline in title case: its verb in capitals reports what follows
        (
            "Maria Lopez Says Bridge Will Open In May\nThe mayor spoke on Monday.".to_string(),
            vec![("indirect", "Bridge Will Open In May", "Maria Lopez")],
        ),
        // a participle after a comparative or a preposition is an adjective, no verb
        (format!("{maria}Lopez has won more pledged delegates than any rival in the race."), vec![]),
        // a quote in two apostrophes before its speaker's verb is what was said, not the hearer
        (
            format!("{maria}''We will rebuild the bridge,'' Lopez told a crowd of 1,300 here on Tuesday after she took the stage."),
            vec![("indirect", "We will rebuild the bridge,", "Maria Lopez")],
        ),
        // "expected to": its subject before the copula is a piece of what is expected
        (
            "The new bridge is widely expected to open in May.".to_string(),
            vec![("indirect", "The new bridge", "?"), ("indirect", "to open in May", "?")],
        ),
        // a comma just inside closing marks ends the clause as a comma outside them does
        (
            format!("{maria}Lopez is promising lower fares and “buses, buses, buses,” but she has also raised the fees."),
            vec![("partial", "lower fares and “buses, buses, buses,”", "Maria Lopez")],
        ),
        // ", but that ...": a second clause of the same report, no clause of the reporter's
        (
            format!("{maria}Lopez said there were no easy fixes, but that the bridge would open in May."),
            vec![("indirect", "there were no easy fixes, but that the bridge would open in May", "Maria Lopez")],
        ),
        // a view named by a noun or an adjective, held by the subject of the verb before it
        (
            "Maria Lopez raised questions about the new bridge.".to_string(),
            vec![("indirect", "the new bridge", "Maria Lopez")],
        ),
        (
            "John Okafor has been critical of the plan.".to_string(),
            vec![("indirect", "the plan", "John Okafor")],
        ),
        // ... not by a cause, nor by nobody
        ("The weak data eased concerns about the bridge.".to_string(), vec![]),
        ("Concerns about the bridge weighed on the shares.".to_string(), vec![]),
        // a verb of command reports a hearer and what they are to do, not what was bought
        (
            "A federal judge ordered the port to reopen the bridge.".to_string(),
            vec![("indirect", "the port to reopen the bridge", "(A federal judge)")],
        ),
        ("Stellar Air ordered 50 aircraft to replace its fleet.".to_string(), vec![]),
        // "which X said" before the relative's verb: that verb and what follows, to the comma
        (
            "The changes, which officials said will take effect in May, angered drivers.".to_string(),
            vec![("indirect", "will take effect in May", "(officials)")],
        ),
        (
            "The bridge, which officials said was unsafe, closed in May.".to_string(),
            vec![("indirect", "was unsafe", "(officials)")],
        ),
        // a directive; a view held by an adjective before "to", its holder no piece of it
        (
            "Maria Lopez encouraged residents to use the ferry.".to_string(),
            vec![("indirect", "residents to use the ferry", "Maria Lopez")],
        ),
        (
            "The port authority is eager to reopen the bridge.".to_string(),
            vec![("indirect", "to reopen the bridge", "(The port authority)")],
        ),
        (
            "Engineers are convinced the bridge is unsafe.".to_string(),
            vec![("indirect", "the bridge is unsafe", "(Engineers)")],
        ),
        // a verb's form that is a noun here
        (
            "John Okafor, a fellow at a Springfield think tank, said the bridge was unsafe.".to_string(),
            vec![("indirect", "the bridge was unsafe", "John Okafor")],
        ),
        (format!("{maria}Lopez failed to show up at the hearing."), vec![]),
        (
            "A TV show reported the bridge was unsafe.".to_string(),
            vec![("indirect", "the bridge was unsafe", "(A TV show)")],
        ),
        // a closing "told" with a hearer of several words and a time
        (
            format!("{maria}The bridge will reopen in May, Lopez told The Springfield Courier on Thursday."),
            vec![("indirect", "The bridge will reopen in May", "Maria Lopez")],
        ),
        // a verb coordinated after a quote reports a clause of its own
        (
            "Maria Lopez called the bridge “unsafe” and says she will close it.".to_string(),
            vec![
                ("partial", "the bridge “unsafe”", "Maria Lopez"),
                ("indirect", "she will close it", "Maria Lopez"),
            ],
        ),
        // "expects" with a clause; "as expected" and a company's posted results report nothing
        (
            "Maria Lopez expects the bridge will open in May.".to_string(),
            vec![("indirect", "the bridge will open in May", "Maria Lopez")],
        ),
        ("The port raised its fees, as expected.".to_string(), vec![]),
        (
            "Maria Lopez said the fees rose 2 percent, less than analysts expected, as traffic slowed.".to_string(),
            vec![(
                "indirect",
                "the fees rose 2 percent, less than analysts expected, as traffic slowed",
                "Maria Lopez",
            )],
        ),
        (
            "A report on the bridge is expected Thursday and the vote is due Friday.".to_string(),
            vec![],
        ),
        // a short sentence in marks after its attribution's sentence: no title, though in capitals
        (
            "“We are not a charity,” Maria Lopez said. “We're Springfield.”".to_string(),
            vec![
                ("direct", "We are not a charity,", "Maria Lopez"),
                ("direct", "We're Springfield.", "Maria Lopez"),
            ],
        ),
        ("The band released the album “I'm Sorry” last year.".to_string(), vec![]),
        // a pronoun before an infinitive is its subject, no object
        (
            "Maria Lopez expects them to raise the fees.".to_string(),
            vec![("indirect", "them to raise the fees", "Maria Lopez")],
        ),
        ("Maria Lopez said it to them.".to_string(), vec![]),
        // an adverb between a verb and the preposition it reports after; a time is nothing said
        (
            "Maria Lopez spoke warmly of the new bridge.".to_string(),
            vec![("indirect", "the new bridge", "Maria Lopez")],
        ),
        ("The council called on Monday.".to_string(), vec![]),
        // "and" with a name and a cue of its own opens a second report
        (
            "Maria Lopez said the bridge would open in May and John Okafor said it would not.".to_string(),
            vec![
                ("indirect", "the bridge would open in May", "Maria Lopez"),
                ("indirect", "it would not", "John Okafor"),
            ],
        ),
        // what a study found needs no "that"; what police found is no finding
        (
            "One study found the new fees would hurt drivers.".to_string(),
            vec![("indirect", "the new fees would hurt drivers", "(One study)")],
        ),
        ("Police found the car near the bridge.".to_string(), vec![]),
        // a named hearer and what they were urged to do
        (
            "Maria Lopez urged Stellar Motors to resume talks.".to_string(),
            vec![("indirect", "Stellar Motors to resume talks", "Maria Lopez")],
        ),
        // the dateline's place is no part of the clause that opens the story
        (
            "SPRINGFIELD (Reuters) - The port will raise its fees, the agency said on Monday.".to_string(),
            vec![("indirect", "The port will raise its fees", "(the agency)")],
        ),
        // a sum opens the clause with its currency sign
        (
            "Analysts expected $5.29 per share.".to_string(),
            vec![("indirect", "$5.29 per share", "(Analysts)")],
        ),
        ("Stellar Motors posted a loss of $5 million.".to_string(), vec![]),
        // a quote in two apostrophes that ends its sentence is no attribution of the next one's
        (
            "The statement was ''not our policy.'' The network said it would send a reporter.".to_string(),
            vec![
                ("indirect", "not our policy.", "(The statement)"),
                ("indirect", "it would send a reporter", "(The network)"),
            ],
        ),
    ] {
        let got = records(&body);
        let want: Vec<(&str, String, String)> =
            want.into_iter().map(|(k, q, s)| (k, q.to_string(), s.to_string())).collect();
        if got != want {
            failures.push(format!("{body:?}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The source of reported speech where the subject is far from its cue: (kind, text, speaker).
#[test]
fn reported_speech_sources() {
    let maria = "Maria Lopez, the mayor of Springfield, spoke on Monday.\n";
    let mut failures = Vec::new();
    for (body, want) in [
        // a catenative's "to": the verb after it has its subject
        (
            "Protesters continued to call for an inquiry into the closure.".to_string(),
            vec![("indirect", "an inquiry into the closure", "(Protesters)")],
        ),
        // a noun of speech without a determiner, its verb right before it
        (
            "The senators expressed concern that the rules could lead to fraud.".to_string(),
            vec![("indirect", "that the rules could lead to fraud", "(The senators)")],
        ),
        // "been" between the subject and its verb
        (
            "The engineers of the port had been arguing that the bridge is unsafe.".to_string(),
            vec![("indirect", "that the bridge is unsafe", "(The engineers of the port)")],
        ),
        // a plural without a determiner, or after a word of quantity, before a participle's cue
        (
            "Democrats are drawing up plans for the suburbs, saying the effort is key.".to_string(),
            vec![("indirect", "the effort is key", "(Democrats)")],
        ),
        (
            "Both parents stiffened their criticism of the mayor, saying that he had failed.".to_string(),
            vec![("indirect", "that he had failed", "(Both parents)")],
        ),
        // a passive or hedging cue: its subject and what follows it are two pieces, unsourced
        (
            "The efforts are expected to continue through the summer.".to_string(),
            vec![("indirect", "The efforts", "?"), ("indirect", "to continue through the summer", "?")],
        ),
        (
            "The lack of interest among voters seems to be a problem for the mayor.".to_string(),
            vec![("indirect", "The lack of interest among voters", "?"), ("indirect", "to be a problem for the mayor", "?")],
        ),
        // ... past a dateline or a subordinator, and no relative pronoun or clause of its own
        (
            "SPRINGFIELD (Reuters) - The bridge is expected to open in May.".to_string(),
            vec![("indirect", "The bridge", "?"), ("indirect", "to open in May", "?")],
        ),
        (
            "While the bridge is expected to open in May, the port will close.".to_string(),
            vec![("indirect", "the bridge", "?"), ("indirect", "to open in May", "?")],
        ),
        (
            "She toured the port, which is expected to close. Mercury will lose money but is expected to recover.".to_string(),
            vec![("indirect", "to close", "?"), ("indirect", "to recover", "?")],
        ),
        // ... but the subject of a passive "told" is its hearer
        (
            "The engineers were told that the bridge was unsafe.".to_string(),
            vec![("indirect", "that the bridge was unsafe", "?")],
        ),
        // a verb of speech after "to": the clause's subject speaks
        (
            "John Okafor went on to say that the bridge was safe.".to_string(),
            vec![("indirect", "that the bridge was safe", "John Okafor")],
        ),
        (
            "John Okafor took to Twitter on Monday to accuse the mayor of lying about the bridge.".to_string(),
            vec![("indirect", "the mayor of lying about the bridge", "John Okafor")],
        ),
        // a second verb after "and": the subject up to the sentence's first verb
        (
            "A reporter for the Springfield Gazette spotted the mayor at the rally and reported her presence online.".to_string(),
            vec![("indirect", "her presence online", "(A reporter for the Springfield Gazette)")],
        ),
        // "Asked" opening the sentence: whoever asked goes unnamed
        (
            format!("{maria}Asked whether she would run again, Lopez said she had not decided."),
            vec![("indirect", "whether she would run again", "?"), ("indirect", "she had not decided", "Maria Lopez")],
        ),
        // a participle after a preposition opening the sentence: the main clause's subject
        (
            format!("{maria}After suggesting on Wednesday that she regretted the insults, Lopez changed course."),
            vec![("indirect", "that she regretted the insults", "Maria Lopez")],
        ),
    ] {
        let got = records(&body);
        let want: Vec<(&str, String, String)> =
            want.into_iter().map(|(k, q, s)| (k, q.to_string(), s.to_string())).collect();
        if got != want {
            failures.push(format!("{body:?}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

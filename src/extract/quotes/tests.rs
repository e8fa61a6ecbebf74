//! Attribution in sentences of our own: each pattern the rules cover, as a table.

use crate::extract::Extractor;
use crate::Article;

/// (quote, speaker name or the unnamed source's words) for each quote found.
fn quotes(body: &str) -> Vec<(String, String)> {
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
            (body[q.start..q.end].to_string(), who)
        })
        .collect()
}

/// Each pattern the attributor covers, in a sentence of our own.
#[test]
fn attribution_patterns() {
    let maria = "Maria Lopez, the mayor of Springfield, spoke on Monday.\n";
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
        // a partial quote inside the reporter's sentence
        (format!("{maria}Lopez called the delay “a disgrace” on Monday."), vec![("a disgrace", "Maria Lopez")]),
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
        // the source a report rests on: "according to" outranks the verb
        (
            format!("{maria}“We are ready,” Lopez told the council, according to the Springfield Gazette."),
            vec![("We are ready,", "Springfield Gazette")],
        ),
        // a named subject before an apposition, not the word after the verb
        (
            "John Okafor, an engineer who advised Lopez, said Springfield has been “a model city.”".to_string(),
            vec![("a model city.", "John Okafor")],
        ),
        // a participle after a thing belongs to the sentence's subject
        (
            format!("{maria}Lopez wrote a letter to the council asking it to end the “shameful delay.”"),
            vec![("shameful delay.", "Maria Lopez")],
        ),
        // an opening phrase before the subject, and words that describe the subject
        (
            "In a speech on Monday, Springfield mayor Maria Lopez called the plan “a disgrace.”".to_string(),
            vec![("a disgrace.", "Maria Lopez")],
        ),
        // "continued" is a verb of speech
        (format!("{maria}“We will finish,” Lopez continued."), vec![("We will finish,", "Maria Lopez")]),
        // "who" after a name: the person, with the attribution resting on "who"
        (
            "“We are ready,” said John Okafor, an engineer, who added that the port was “nearly done.”".to_string(),
            vec![("We are ready,", "John Okafor"), ("nearly done.", "John Okafor")],
        ),
        // a subordinate clause before the subject, whoever it names
        (
            format!("{maria}When John Okafor resigned, she called the news “a real loss.”"),
            vec![("a real loss.", "Maria Lopez")],
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
            vec![("a disgrace", "Maria Lopez")],
        ),
        // an exclamation ends the sentence; the attribution follows with a phrase
        (
            format!("{maria}“We won!” Lopez wrote in an email to the council on Friday."),
            vec![("We won!", "Maria Lopez")],
        ),
        // the main clause's speaker, not a verb inside what they said
        (
            format!("{maria}At one point, Lopez said reporters were calling “every ten minutes.”"),
            vec![("every ten minutes.", "Maria Lopez")],
        ),
        // a question ends the sentence; a name and its verb open the next, however long
        (
            format!("{maria}“Do you think I will change?” Lopez asked reporters rhetorically during a long news conference on Friday."),
            vec![("Do you think I will change?", "Maria Lopez")],
        ),
        // a verb in a subordinate clause does not outrank the main clause's
        (
            "While not everything John Okafor says is true, Maria Lopez said he was “mostly right.”".to_string(),
            vec![("mostly right.", "Maria Lopez")],
        ),
        // a description with a possessive before a participle
        (
            "Her chief aide doubled down, saying the plan was “dead on arrival.”".to_string(),
            vec![("dead on arrival.", "(Her chief aide)")],
        ),
        // ", adding, ..." belongs to the verb of speech before it
        (
            format!("{maria}Okafor and Lopez will meet next week, Lopez said, adding, “We need a good talk.”"),
            vec![("We need a good talk.", "Maria Lopez")],
        ),
        // a name with a parenthesis before an apposition
        (
            "Later, Sen. John Okafor (D-N.Y.), who backs the plan, said Lopez was “stronger” now.".to_string(),
            vec![("stronger", "John Okafor")],
        ),
        // a name, an apposition with commas of its own, then the verb
        (
            "John Okafor, an engineer from Salem, Oregon, says Lopez will “win easily.”".to_string(),
            vec![("win easily.", "John Okafor")],
        ),
        // a subject with a relative clause before its verb
        (
            "Maria Lopez, who has spent the week in Salem, on Friday described a “big tent” party.".to_string(),
            vec![("big tent", "Maria Lopez")],
        ),
        // "that said": a thing that carries words
        (
            "They handed out bottles that said, “Welcome to the games.”".to_string(),
            vec![("Welcome to the games.", "(that)")],
        ),
        // an opening participle phrase with a clause of its own before the subject
        (
            "Speaking to reporters in Salem, which votes next week, Maria Lopez referred to the plan as “a bright idea.”".to_string(),
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
            vec![("paperwork error", "Maria Lopez")],
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
        // a description as the sentence's subject
        (
            "The council met on Monday. The agency declined to detail the “scope of the review.”".to_string(),
            vec![("scope of the review.", "(The agency)")],
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
    ] {
        let got = quotes(&body);
        let want: Vec<(String, String)> = want.into_iter().map(|(q, s)| (q.to_string(), s.to_string())).collect();
        assert_eq!(got, want, "{body:?}");
    }
}

#[test]
fn an_unclosed_mark_stops_at_its_paragraph() {
    let body =
        "Lopez said “we will see.\nThe council met on Tuesday and voted.\nIt adjourned at six.";
    let got = quotes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "we will see.");
}

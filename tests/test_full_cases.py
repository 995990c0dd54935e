"""Every field of several full cases, read from the committed casebook, against the source text."""

from __future__ import annotations

from dxreader.core.model import QA, Contact, Cost, Link, ScheduleItem, Vendor


def test_nishiaizu_every_field(cases):
    c = cases["taisei-074055"]
    assert c.title == "国のアドバイザー等を務める人材をCDOに据えデジタル戦略室がDX推進"
    assert c.category == ("自治体DX推進参考事例集【1.体制整備】",
                          "(3) 外部デジタル人材の知見を積極的に取り入れながらDXを推進する体制の整備")
    assert (c.population, c.population_as_of, c.population_band) == (6_000, "2023-01-01", "1万人未満")  # 令和5年1月1日
    assert c.population_source == "case"
    assert c.contacts == (Contact("西会津町企画情報課デジタル戦略室", "0241-45-4536", "kikaku@town.nishiaizu.fukushima.jp"),)
    assert c.section("point").text == (
        "オープンデータ伝道師、地域情報化アドバイザーを務めるデジタル人材をCDOに据え、"
        "企画情報課内にデジタル戦略室を設置し、デジタル戦略を推進"
    )
    assert c.section("point").page == 24
    assert c.section("overview").text.startswith("- 外部デジタル人材を活用してCDOを新たに設置。企画情報課内")  # ** dropped
    assert c.section("effects").text.splitlines()[0] == (
        "- デジタルリテラシー向上やデジタル技術のトレンド共有等の庁内勉強会により、各課のデジタル技術導入が促進された。"
    )
    assert [q.question for q in c.interview] == [
        "取組のきっかけや近況・工夫を教えてください。",
        "他自治体からよく質問されることを教えてください。",
        "今後の展望を教えてください。",
    ]
    assert "デシディム" in c.interview[1].answer
    assert c.links == (
        Link("西会津町デジタル戦略の策定について", "https://www.town.nishiaizu.fukushima.jp/soshiki/2/10146.html"),
        Link("デジタル戦略で西会津が変わる", "https://www.town.nishiaizu.fukushima.jp/uploaded/attachment/6512.pdf"),
        Link("西会津町地域おこし協力隊", "https://www.town.nishiaizu.fukushima.jp/site/chiikiokoshi/"),
    )
    assert c.costs == () and c.schedule is None and c.vendors == () and c.awards == ()
    src = c.primary_source
    assert (src.document, src.number, src.page, src.edition) == (
        "001_ff18e038920f8e0f.txt", 8, 24, "第2.0版（令和6年4月24日）")


def test_fukushima_costs_schedule_vendors_contact(cases):
    c = cases["taisei-070009"]
    assert c.contacts == (Contact("福島県企画調整部デジタル変革課", "024-521-7134", "jouhou_kikaku@pref.fukushima.lg.jp"),)
    assert c.costs == (
        Cost("initial", "イニシャルコスト ※税抜", "31,415千円", 31_415_000, "アドバイザーの派遣費用 31,415千円", None),
        Cost("running", "ランニングコスト (1年あたり) ※税抜", "－円", None, None, None),
    )
    assert c.schedule.lead_time == "4か月"
    assert c.schedule.items == (
        ScheduleItem("R5.2~4", "事業者へ支援メニューの照会、支援メニュー一覧の決定"),
        ScheduleItem("R5.4~5", "市町村へ募集"),
        ScheduleItem("R5.6", "事業開始"),
    )
    assert c.vendors == (Vendor("その他参画主体", (
        "令和5年度実施事業者：株式会社東日本計算センター、東邦情報システム株式会社、株式会社福島県中央計算センター、"
        "テクノ・マインド株式会社、福島コンピュータシステム株式会社\n"
        "ふくしまICT利活用推進協議会（福島県と協定を締結して事業を実施）")),)
    assert c.interview_credit == "福島県デジタル変革課デジタル変革担当"  # printed over lines; the line joins removed
    assert c.population == 1_819_000
    assert c.section("effects").page == 14


def test_ehime_undisclosed_running_cost_and_multiline_contact(cases):
    c = cases["taisei-380008"]
    assert [(x.kind, x.amount_text, x.amount_yen) for x in c.costs] == [
        ("initial", "－円", None), ("running", "(非公表)", None)]  # as printed
    assert c.contacts == (Contact("愛媛県・市町DX推進会議事務局（愛媛県デジタルシフト推進課）", "089-912-2281",
                                  "digitalshiftsuishin@pref.ehime.lg.jp"),)
    assert c.vendors[0].role == "その他参画主体"
    assert c.vendors[0].value.startswith("合同会社CoCoSocialwork")
    assert QA("活用した国の支援策を教えてください。",
              "令和4・5年度はデジタル田園都市国家構想交付金（地方創生タイプ）を活用しました。") in c.interview
    assert c.section("materials").text.startswith("愛媛県・市町DX協働宣言")
    assert c.section("materials").page == 9


def test_kamisato_award_and_links_with_parentheses(cases):
    c = cases["taisei-113859"]
    assert c.awards == ("令和4年度デジ田甲子園実装部門出場（オートコールソリューション等を活用した災害発生時の避難誘導）",)
    assert Link("上里町地図情報システム（かみさとオープンGIS）", "https://www.town.kamisato.saitama.jp/5781.htm") in c.links
    assert len(c.interview) == 6
    assert c.contacts[0] == Contact("上里町総合政策課情報システム戦略係", "0495-35-1238", "nwinfo@town.kamisato.lg.jp")


def test_shiojiri_press_release_two_contacts(cases):
    c = cases["press-202151"]
    assert c.title == "一般社団法人日本ディープラーニング協会と連携して塩尻市職員のデジタル人材育成を実施します!"
    assert c.contacts == (
        Contact("塩尻市企画政策部デジタル戦略課", "0263-52-0659", "joho@city.shiojiri.lg.jp",
                "塩尻市DX戦略やJDLA連携に関するお問合せ先（担当:横山）"),
        Contact("塩尻市企画政策部官民連携推進課", "0263-52-0714", "kanmin@city.shiojiri.lg.jp",
                "KADOや官民連携事業に関するお問合せ先（担当:太田、三枝）"),
    )
    assert [link.label for link in c.links] == [
        "塩尻市デジタルトランスフォーメーション戦略", "KADOについて", "自動運転技術の実用化に向けた官民連携事業について"]
    overview = c.section("overview").text
    assert "■JDLAとの連携で期待すること" in overview
    assert "このプレスリリースには" not in overview and "https://" not in overview


def test_dx_taisho_article_case(cases):
    c = cases["dxtaisho2022-434248"]
    assert (c.prefecture, c.municipality) == ("熊本県", "小国町")
    assert c.title == "小さく始めて大きく育てるこつこつと現場発のDX推進"
    assert c.category == ("日本DX大賞2022 行政機関部門", "市町村におけるDX事例")
    text = c.section("overview").text
    assert text.startswith("熊本県小国町では、町長をリーダーとしたDX推進チームを立ち上げ")
    assert "熊本県小国町「" not in text  # the link caption under each summary is not body text
    assert c.contacts == ()


def test_every_full_taisei_case_has_point_or_effects_and_interview_except_kobe(cases):
    taisei = [c for c in cases.values() if c.id.startswith("taisei-")]
    for c in taisei:
        assert c.section("overview") is not None, c.id
        assert c.section("effects") is not None, c.id
        if c.id != "taisei-281000":
            assert len(c.interview) >= 3, c.id
            assert len(c.contacts) == 1, c.id

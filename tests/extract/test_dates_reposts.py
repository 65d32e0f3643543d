"""Publication dates as offices publish them, and reposted documents (issue 9 item 5)."""

import datetime as dt

from crawler.extract import extract_page

BASE = "http://127.0.0.1:8000"


def page(path, head="", body="", site="江北市某县人民政府"):
    html = (f"<html><head><meta charset='utf-8'><title>标题_{site}</title><meta name='SiteName' content='{site}'>{head}"
            f"</head><body>{body}</body></html>")
    return extract_page(BASE + path, html.encode())


def test_visible_label_then_url_then_meta():
    regenerated = "<meta name='PubDate' content='2023-07-03 08:00:12'>"
    p = page("/xxgk/tzgg/202305/t20230511_1.html", regenerated,
             "<h1>关于做好防汛工作的通知</h1><div class='info'><span>发布时间：2023-05-11 10:20</span>"
             "<span>来源：县人民政府办公室</span></div><p>正文。</p><div class='footer'>页面生成时间：2023-07-03 08:00:12</div>")
    assert p.publish_date == dt.date(2023, 5, 11)
    q = page("/xxgk/tzgg/202305/t20230511_2.html", regenerated, "<h1>关于调整医保缴费标准的通知</h1><p>正文。</p>")
    assert q.publish_date == dt.date(2023, 5, 11)  # the URL's date, not the regenerated meta
    assert any("publish date from url" in n for n in q.extract_notes)
    r = page("/xxgk/tzgg/info.jsp?id=9", regenerated, "<h1>关于调整医保缴费标准的通知</h1><p>正文。</p>")
    assert r.publish_date == dt.date(2023, 7, 3)  # nothing else shown: the meta stands in
    # a TRS month folder (/202305/) without a day: a PubDate of July is the regeneration time
    s = page("/xxgk/tzgg/202305/content_3.html", regenerated, "<h1>关于调整医保缴费标准的通知</h1><p>正文。</p>")
    assert s.publish_date is None
    assert any("later than the URL's month 202305" in n for n in s.extract_notes)
    t = page("/xxgk/tzgg/202307/content_4.html", regenerated, "<h1>关于调整医保缴费标准的通知</h1><p>正文。</p>")
    assert t.publish_date == dt.date(2023, 7, 3)


def test_reposts_are_marked_own_documents_are_not():
    src = page("/xxgk/zcwj/202305/t20230511_3.html", "",
               "<h1>江南省人民政府办公厅关于加快发展数字经济的实施意见</h1><div class='info'><span>发布时间：2023-05-11</span>"
               "<span>来源：江南省人民政府办公厅</span></div><p>各市、县人民政府：</p>")
    assert src.repost and "江南省人民政府办公厅" in src.repost
    num = page("/xxgk/zcwj/202305/t20230512_4.html", "",
               "<table><tr><td>文号：</td><td>国办发〔2023〕3号</td><td>发布日期：</td><td>2023-05-12</td></tr></table>"
               "<h1>关于进一步优化营商环境的意见</h1><p>正文</p>")
    assert num.repost and "国办发" in num.repost
    fwd = page("/xxgk/tzgg/202305/t20230515_5.html", "",
               "<h1>关于转发《江北市安全生产十五条措施》的通知</h1><span>发布时间：2023-05-15</span><p>各乡镇：</p>")
    assert fwd.repost and "转发" in fwd.repost
    own = page("/xxgk/tzgg/202305/t20230511_6.html", "",
               "<h1>某县关于印发整治方案的通知</h1><div class='info'><span>发布时间：2023-05-11</span>"
               "<span>来源：某县人民政府办公室</span></div><table><tr><td>文号：</td><td>某府办发〔2023〕7号</td></tr></table><p>各乡镇：</p>")
    assert own.repost is None
    city = page("/xxgk/tzgg/202305/t20230511_7.html", "",
                "<h1>江北市某县关于印发方案的通知</h1><span>发布时间：2023-05-11</span><span>来源：江北市某县人民政府</span><p>各乡镇：</p>")
    assert city.repost is None


def test_own_doc_number_whose_prefix_is_a_province_abbreviation_is_not_a_repost():
    # 云溪县's own 云政办发 is not 云南's: the abbreviation is the site's own place name
    own = page("/art/2026/7/19/art_3311_102232.html", "",
               "<table><tr><td>文号：</td><td>云政办发〔2026〕37号</td><td>发布日期：</td><td>2026-07-19</td></tr></table>"
               "<h1>云溪县人民政府关于印发扶持措施的通知</h1><p>各乡镇：</p>", site="云溪县人民政府")
    assert own.repost is None
    other = page("/art/2026/7/19/art_3311_102233.html", "",
                 "<table><tr><td>文号：</td><td>粤府办〔2026〕5号</td></tr></table>"
                 "<h1>关于加快数字政府建设的意见</h1><p>各地级以上市人民政府：</p>", site="云溪县人民政府")
    assert other.repost and "粤府办" in other.repost

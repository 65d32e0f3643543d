"""What kind of body runs the site: a 县级以上人民政府 or a department (部门, 派出机构, 乡镇).

条例第四十九条 sets the 年报 deadline by it (3月31日 for 县级以上人民政府, 1月31日 for 部门), and
other rules may depend on it. The type comes, in this order, from:

1. the site profile (`organ_type`, passed to rules as their `body_type` option) — "profile";
2. the footer's 主办单位 — "主办单位";
3. the site name (SiteName meta, else the <title>'s site part) — "网站名称";
4. the 网站标识码 (bm… codes belong to 国务院部门, bm01… to the 国务院办公厅) — "网站标识码";
5. nothing decided — "default" (type None: the rule must not guess).

Naming conventions read:
* XX人民政府, XX人民政府门户网站, 中国XX (中国吉林, 中国·白城: provincial and city portal brands),
  XX人民政府办公室/办公厅 as 主办单位 (the office runs the government's portal) → government;
* XX局 / 委员会 / 委 / 办公室 of a department / 中心 / 厅 / 署 → department;
* 开发区 / 高新区 管理委员会 (管委会) → department: a 派出机构 of the city government
  (statutory notes: 国办发〔2017〕47号 counts 派出机构 among government bodies; its 年报 is due
  like a 部门's);
* 乡 / 镇人民政府, 街道办事处 → department: not 县级以上, so their 年报 is due by 1月31日;
* 综合实验区 / 新区 管理委员会 (and the office that runs its portal, 管委会办公室) → government:
  unlike a 开发区 管委会, such a body governs a whole area in place of a 县级以上人民政府 and
  publishes the area's own 年报 (平潭综合实验区 管委会, a 派出机构 of the 福建省人民政府 with the
  powers of a 设区市, merged with 平潭县: its reports are titled 平潭综合实验区20XX年度政府信息公开
  工作年度报告, the whole area's, due by 3月31日 like 本级政府's — statutory notes: "≤ YYYY+1-03-31
  if treated as 本级政府").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contracts import SiteArtifacts

from .patterns import norm, short_title

GOVERNMENT = "government"
DEPARTMENT = "department"

ORGAN_ZH = {GOVERNMENT: "县级以上人民政府", DEPARTMENT: "部门（派出机构）"}

# 主办单位 up to the next label; co-hosts separated by spaces stay (中共XX县委 XX县人民政府).
_HOST_ORG = re.compile(
    r"主\s*办\s*(?:单\s*位)?\s*[:：]\s*(.{2,60}?)\s*(?=$|[|｜,，;；/]|承办|协办|运行|维护|技术支持|联系|地址|电话|邮编|"
    r"网站标识码|[\u4e00-\u9fa5]{0,2}ICP|[\u4e00-\u9fa5]公网安备|版权|备案)")
_CODE = re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{10})")

# A body governing a whole area in place of a 县级以上人民政府 (see the module docstring).
_AREA_GOVERNMENT = re.compile(r"(?:综合实验区|新区)(?:党工委)?(?:管理委员会|管委会)(?:办公室)?(?:门户)?(?:网站|网)?$")
# Order matters: the more specific pattern first.
_DEPARTMENT_NAMES = re.compile(
    r"(?:[乡镇]人民政府|街道办事处|管理委员会|管委会|(?<!人民政府)办公室$|局$|委员会$|委$|厅$|署$|中心$|办$|部$|"
    r"(?:局|委员会|委|厅|署|中心|部)(?:门户)?(?:网站|官网|政务网)$)")
_GOVERNMENT_NAMES = re.compile(
    r"(?:人民政府(?:办公室|办公厅)?(?:门户)?(?:网站|网|官网)?$|^中国·?[\u4e00-\u9fa5]{2,3}(?<![网报社台站])$|^中国政府网$|"
    r"(?:省|市|州|县|区|旗|盟)政府(?:门户)?(?:网站|网)?$)")


@dataclass(frozen=True)
class OrganType:
    value: str | None  # government / department / None (undecided)
    source: str  # profile / 主办单位 / 网站名称 / 网站标识码 / default
    basis: str = ""  # the text that decided

    def evidence(self) -> dict[str, str | None]:
        return {"organ_type": self.value, "organ_type_source": self.source, "organ_type_basis": self.basis}


def classify_name(name: str) -> str | None:
    """government / department / None for a body's or a site's name."""
    n = norm(name).strip("　·")
    if not n:
        return None
    if _AREA_GOVERNMENT.search(n):
        return GOVERNMENT
    if _DEPARTMENT_NAMES.search(n):
        return DEPARTMENT
    if _GOVERNMENT_NAMES.search(n):
        return GOVERNMENT
    return None


def host_organisation(footer: str) -> str:
    """The 主办单位 named in a footer ("" when none)."""
    m = _HOST_ORG.search(footer or "")
    return m.group(1).strip() if m else ""


def _host_type(org: str) -> str | None:
    """A portal co-hosted by a government (中共XX县委 XX县人民政府), or run by its office
    (XX市人民政府办公室 / 办公厅), is the government's; else the first host decides."""
    hosts = [h for h in re.split(r"[\s、]+", org) if h]
    for h in hosts:
        n = norm(h)
        if re.search(r"人民政府(?:办公室|办公厅)?$|国务院办公厅$", n) and not re.search(r"[乡镇]人民政府", n):
            return GOVERNMENT
        if _AREA_GOVERNMENT.search(n):
            return GOVERNMENT
    return classify_name(hosts[0]) if hosts else None


def site_name(site: SiteArtifacts) -> str:
    home = site.homepage()
    if home is None:
        return ""
    name = home.meta.get("SiteName", "").strip()
    if name:
        return name
    title = (home.title or "").strip()
    parts = re.split(r"\s*(?:_|\||｜| - | — |——|－)\s*", title)
    return parts[-1] if len(parts) > 1 else short_title(title)


def infer_organ_type(site: SiteArtifacts, configured: str | None = None) -> OrganType:
    """The body's type and which source decided (see the module docstring)."""
    if configured in (GOVERNMENT, DEPARTMENT):
        return OrganType(configured, "profile", configured)
    home = site.homepage()
    footer = ""
    if home is not None:
        footer = home.footer_text or ""
    org = host_organisation(footer) or (host_organisation(home.text) if home is not None else "")
    if org:
        kind = _host_type(org)
        if kind:
            return OrganType(kind, "主办单位", org)
    name = site_name(site)
    kind = classify_name(name)
    if kind:
        return OrganType(kind, "网站名称", name)
    code = (home.meta.get("SiteIDCode", "") if home is not None else "") or ""
    if not code:
        m = _CODE.search(footer)
        code = m.group(1) if m else ""
    # bm… codes belong to 国务院部门; bm01… is the 国务院办公厅's (中国政府网), a government's portal
    if code.lower().startswith("bm") and not code.lower().startswith("bm01"):
        return OrganType(DEPARTMENT, "网站标识码", code)
    return OrganType(None, "default", "")

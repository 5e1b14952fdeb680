"""The plan's GHG inventory section: the base-year inventory it links, and earlier ones.

The section has no calculation of its own: the inventory platform computed and a
reviewer approved the linked inventory; the section's checklist says whether the
link is there and current.
"""

from __future__ import annotations

from climateplan.plans.checklist import CheckItem
from climateplan.plans.period import to_be
from climateplan.plans.web.sections import Candidate, Computed


class InventorySection:
    kind = "inventory"

    def compute(self, candidate: Candidate) -> Computed:
        plan = candidate.plan
        base = plan.base_inventory
        if base is None:
            return Computed(document=None)
        return Computed(
            document=None,
            summary={
                "inventory": base.pk,
                "year": base.year,
                "version": base.version,
                "state": base.state,
                "total_basic": base.total_basic,
                "total_basic_plus": base.total_basic_plus,
            },
        )

    def checklist(self, section, plan) -> list[CheckItem]:
        from climateplan.plans.web.services import USABLE_INVENTORY_STATES, newer_base_inventory

        base = plan.base_inventory
        linked = base is not None
        usable = linked and base.state in USABLE_INVENTORY_STATES
        newer = newer_base_inventory(plan) if linked else None
        items = [
            CheckItem(
                "base_linked",
                linked,
                f"เชื่อมโยงบัญชีก๊าซเรือนกระจกปีฐาน (พ.ศ. {to_be(plan.base_year)})",
                f"Link the base-year GHG inventory ({plan.base_year})",
                "เลือกบัญชีของจังหวัดที่ได้รับอนุมัติแล้วในหน้าแก้ไขแผน หากยังไม่มี ให้จัดทำบัญชีในเมนูบัญชีก๊าซเรือนกระจกก่อน",
                "Choose the province's approved inventory on the plan's edit page; if there is "
                "none, prepare it on the inventory pages first.",
            ),
            CheckItem(
                "base_approved",
                usable,
                "บัญชีปีฐานได้รับอนุมัติหรือเผยแพร่แล้ว",
                "The base inventory is approved or published",
                "บัญชีที่ยังเป็นร่างต้องส่งตรวจและได้รับอนุมัติจากผู้ตรวจสอบระดับประเทศก่อน",
                "A draft inventory must be submitted and approved by a national reviewer first.",
            ),
            CheckItem(
                "base_current",
                newer is None,
                "ใช้บัญชีปีฐานฉบับล่าสุด",
                "The plan uses the latest version of the base inventory",
                "มีบัญชีปีฐานฉบับใหม่ที่อนุมัติแล้ว กดปุ่ม 'ใช้บัญชีฉบับใหม่' เพื่อคำนวณแผนใหม่",
                "A newer approved version of the base inventory exists: use 'Re-base on the new "
                "version' to recompute the plan.",
                blocking=False,
            ),
            CheckItem(
                "calibration",
                plan.pk is not None and plan.calibration_inventories.exists(),
                "เพิ่มบัญชีปีก่อนหน้าเพื่อปรับเทียบแนวโน้ม (ถ้ามี)",
                "Add earlier inventories to calibrate the trends (if any)",
                "บัญชีของปีก่อนหน้าช่วยให้การคาดการณ์กรณีปกติ (BAU) สอดคล้องกับแนวโน้มจริงของจังหวัด",
                "Earlier years' inventories let the business-as-usual projection follow the "
                "province's actual trend.",
                blocking=False,
            ),
        ]
        return items


HANDLER = InventorySection()

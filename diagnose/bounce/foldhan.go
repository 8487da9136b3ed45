package bounce

// foldHan returns the Simplified form of a Traditional Chinese character
// written as the three UTF-8 bytes a, b, c, and whether there is one. Both
// forms are three bytes, so normalize folds in place and offsets into the
// text do not move; the vocabulary is written in Simplified characters and
// matches Traditional text (使用者 不存在, 信箱已滿, 帳號) through this fold.
// The table covers the characters of mail-server wording, not the whole
// script.
func foldHan(a, b, c byte) (rune, bool) {
	if a&0xf0 != 0xe0 || b&0xc0 != 0x80 || c&0xc0 != 0x80 {
		return 0, false
	}
	r := rune(a&0x0f)<<12 | rune(b&0x3f)<<6 | rune(c&0x3f)
	switch r {
	case '満': // the Japanese form
		return '满', true
	case '亂':
		return '乱', true
	case '佇':
		return '伫', true
	case '係':
		return '系', true
	case '個':
		return '个', true
	case '們':
		return '们', true
	case '偽':
		return '伪', true
	case '傳':
		return '传', true
	case '價':
		return '价', true
	case '儲':
		return '储', true
	case '內':
		return '内', true
	case '兩':
		return '两', true
	case '凍':
		return '冻', true
	case '則':
		return '则', true
	case '創':
		return '创', true
	case '劃':
		return '划', true
	case '務':
		return '务', true
	case '勢':
		return '势', true
	case '區':
		return '区', true
	case '協':
		return '协', true
	case '卻':
		return '却', true
	case '員':
		return '员', true
	case '問':
		return '问', true
	case '啟':
		return '启', true
	case '單':
		return '单', true
	case '嗎':
		return '吗', true
	case '嚴':
		return '严', true
	case '囉':
		return '罗', true
	case '圖':
		return '图', true
	case '團':
		return '团', true
	case '執':
		return '执', true
	case '塊':
		return '块', true
	case '壞':
		return '坏', true
	case '夠':
		return '够', true
	case '實':
		return '实', true
	case '寫':
		return '写', true
	case '寬':
		return '宽', true
	case '寶':
		return '宝', true
	case '將':
		return '将', true
	case '專':
		return '专', true
	case '對':
		return '对', true
	case '屬':
		return '属', true
	case '帳':
		return '帐', true
	case '帶':
		return '带', true
	case '廣':
		return '广', true
	case '廳':
		return '厅', true
	case '從':
		return '从', true
	case '復':
		return '复', true
	case '惡':
		return '恶', true
	case '愛':
		return '爱', true
	case '態':
		return '态', true
	case '憑':
		return '凭', true
	case '應':
		return '应', true
	case '戲':
		return '戏', true
	case '戶':
		return '户', true
	case '擇':
		return '择', true
	case '擋':
		return '挡', true
	case '據':
		return '据', true
	case '擾':
		return '扰', true
	case '數':
		return '数', true
	case '斷':
		return '断', true
	case '於':
		return '于', true
	case '時':
		return '时', true
	case '曆':
		return '历', true
	case '書':
		return '书', true
	case '會':
		return '会', true
	case '條':
		return '条', true
	case '業':
		return '业', true
	case '樂':
		return '乐', true
	case '標':
		return '标', true
	case '樣':
		return '样', true
	case '機':
		return '机', true
	case '檢':
		return '检', true
	case '權':
		return '权', true
	case '歡':
		return '欢', true
	case '歷':
		return '历', true
	case '歸':
		return '归', true
	case '殼':
		return '壳', true
	case '沒':
		return '没', true
	case '況':
		return '况', true
	case '測':
		return '测', true
	case '準':
		return '准', true
	case '滯':
		return '滞', true
	case '滿':
		return '满', true
	case '濾':
		return '滤', true
	case '為':
		return '为', true
	case '無':
		return '无', true
	case '營':
		return '营', true
	case '爭':
		return '争', true
	case '狀':
		return '状', true
	case '現':
		return '现', true
	case '產':
		return '产', true
	case '異':
		return '异', true
	case '發':
		return '发', true
	case '盜':
		return '盗', true
	case '碼':
		return '码', true
	case '禮':
		return '礼', true
	case '種':
		return '种', true
	case '稱':
		return '称', true
	case '竊':
		return '窃', true
	case '筆':
		return '笔', true
	case '節':
		return '节', true
	case '簡':
		return '简', true
	case '紀':
		return '纪', true
	case '紋':
		return '纹', true
	case '紙':
		return '纸', true
	case '級':
		return '级', true
	case '紛':
		return '纷', true
	case '細':
		return '细', true
	case '紹':
		return '绍', true
	case '組':
		return '组', true
	case '結':
		return '结', true
	case '絕':
		return '绝', true
	case '絡':
		return '络', true
	case '統':
		return '统', true
	case '經':
		return '经', true
	case '網':
		return '网', true
	case '線':
		return '线', true
	case '縮':
		return '缩', true
	case '總':
		return '总', true
	case '織':
		return '织', true
	case '繫':
		return '系', true
	case '續':
		return '续', true
	case '羅':
		return '罗', true
	case '義':
		return '义', true
	case '聯':
		return '联', true
	case '聲':
		return '声', true
	case '臨':
		return '临', true
	case '與':
		return '与', true
	case '處':
		return '处', true
	case '號':
		return '号', true
	case '裏':
		return '里', true
	case '補':
		return '补', true
	case '裡':
		return '里', true
	case '規':
		return '规', true
	case '觀':
		return '观', true
	case '訊':
		return '讯', true
	case '設':
		return '设', true
	case '許':
		return '许', true
	case '註':
		return '注', true
	case '詐':
		return '诈', true
	case '評':
		return '评', true
	case '試':
		return '试', true
	case '該':
		return '该', true
	case '認':
		return '认', true
	case '誤':
		return '误', true
	case '請':
		return '请', true
	case '證':
		return '证', true
	case '議':
		return '议', true
	case '護':
		return '护', true
	case '譽':
		return '誉', true
	case '讀':
		return '读', true
	case '變':
		return '变', true
	case '貝':
		return '贝', true
	case '負':
		return '负', true
	case '財':
		return '财', true
	case '貢':
		return '贡', true
	case '貨':
		return '货', true
	case '販':
		return '贩', true
	case '責':
		return '责', true
	case '買':
		return '买', true
	case '貸':
		return '贷', true
	case '費':
		return '费', true
	case '貼':
		return '贴', true
	case '資':
		return '资', true
	case '賣':
		return '卖', true
	case '質':
		return '质', true
	case '賬':
		return '账', true
	case '賴':
		return '赖', true
	case '購':
		return '购', true
	case '賽':
		return '赛', true
	case '贈':
		return '赠', true
	case '趙':
		return '赵', true
	case '車':
		return '车', true
	case '軌':
		return '轨', true
	case '軟':
		return '软', true
	case '載':
		return '载', true
	case '輪':
		return '轮', true
	case '輸':
		return '输', true
	case '轉':
		return '转', true
	case '這':
		return '这', true
	case '連':
		return '连', true
	case '進':
		return '进', true
	case '運':
		return '运', true
	case '過':
		return '过', true
	case '達':
		return '达', true
	case '違':
		return '违', true
	case '遞':
		return '递', true
	case '遠':
		return '远', true
	case '遲':
		return '迟', true
	case '選':
		return '选', true
	case '遺':
		return '遗', true
	case '還':
		return '还', true
	case '邏':
		return '逻', true
	case '郵':
		return '邮', true
	case '鄉':
		return '乡', true
	case '釋':
		return '释', true
	case '銷':
		return '销', true
	case '錄':
		return '录', true
	case '錯':
		return '错', true
	case '鍵':
		return '键', true
	case '鍾':
		return '钟', true
	case '鎖':
		return '锁', true
	case '鎮':
		return '镇', true
	case '鐘':
		return '钟', true
	case '長':
		return '长', true
	case '閉':
		return '闭', true
	case '開':
		return '开', true
	case '間':
		return '间', true
	case '閱':
		return '阅', true
	case '闆':
		return '板', true
	case '闖':
		return '闯', true
	case '關':
		return '关', true
	case '陰':
		return '阴', true
	case '陽':
		return '阳', true
	case '隊':
		return '队', true
	case '際':
		return '际', true
	case '險':
		return '险', true
	case '隱':
		return '隐', true
	case '雙':
		return '双', true
	case '雜':
		return '杂', true
	case '離':
		return '离', true
	case '難':
		return '难', true
	case '雲':
		return '云', true
	case '電':
		return '电', true
	case '靈':
		return '灵', true
	case '靜':
		return '静', true
	case '韓':
		return '韩', true
	case '響':
		return '响', true
	case '順':
		return '顺', true
	case '須':
		return '须', true
	case '預':
		return '预', true
	case '頓':
		return '顿', true
	case '領':
		return '领', true
	case '頭':
		return '头', true
	case '頻':
		return '频', true
	case '題':
		return '题', true
	case '額':
		return '额', true
	case '類':
		return '类', true
	case '顯':
		return '显', true
	case '風':
		return '风', true
	case '飛':
		return '飞', true
	case '餘':
		return '余', true
	case '館':
		return '馆', true
	case '騙':
		return '骗', true
	case '騷':
		return '骚', true
	case '驗':
		return '验', true
	case '髒':
		return '脏', true
	case '體':
		return '体', true
	case '鬥':
		return '斗', true
	case '魯':
		return '鲁', true
	case '鳥':
		return '鸟', true
	case '麗':
		return '丽', true
	case '麼':
		return '么', true
	case '點':
		return '点', true
	case '齊':
		return '齐', true
	case '龍':
		return '龙', true
	case '龜':
		return '龟', true
	}
	return 0, false
}

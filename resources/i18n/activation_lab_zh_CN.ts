<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Move the mouse over the plots to read x, f(x) and f′(x).</source>
        <translation>把鼠标移到图上，读出 x、f(x) 和 f′(x)。</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Back to x from −6 to 6 with the y axes fitted (Ctrl+0)</source>
        <translation>回到 x 从 −6 到 6，并让 y 轴适配曲线（Ctrl+0）</translation>
    </message>
    <message>
        <source>x from</source>
        <translation>x 从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>{name} at x = {x}
{what} from the left → {left}
{what} from the right → {right}
PyTorch uses {what}({x}) = {value}</source>
        <translation>{name} 在 x = {x} 处
{what} 的左极限 → {left}
{what} 的右极限 → {right}
PyTorch 取 {what}({x}) = {value}</translation>
    </message>
    <message>
        <source>{name}: {count} kinks in view, too many to mark; zoom in to see them</source>
        <translation>{name}：视图中有 {count} 个折点，太多无法逐个标出；放大即可看到</translation>
    </message>
    <message>
        <source>Tick activations to overlay them; ↑/↓ to step, Space ticks</source>
        <translation>勾选激活函数即可叠加显示；↑/↓ 切换，空格键勾选</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>+ Own activation…</source>
        <translation>+ 自定义激活函数…</translation>
    </message>
    <message>
        <source>Type your own activation as a formula in x, e.g. x * sigmoid(b*x)</source>
        <translation>用关于 x 的公式写出自己的激活函数，例如 x * sigmoid(b*x)</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Not applied: {0}</source>
        <translation>未采用：{0}</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded</source>
        <translation>无法加载 PyTorch</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded: {0}</source>
        <translation>无法加载 PyTorch：{0}</translation>
    </message>
    <message>
        <source>the numbers of the notes</source>
        <translation>说明中的数值</translation>
    </message>
    <message>
        <source>Could not compute {0}: {1}</source>
        <translation>无法计算 {0}：{1}</translation>
    </message>
    <message>
        <source>Preset saved to {0}</source>
        <translation>预设已保存到 {0}</translation>
    </message>
    <message>
        <source>The preset was not applied: {0}</source>
        <translation>未应用该预设：{0}</translation>
    </message>
    <message>
        <source>Preset {0} applied.</source>
        <translation>已应用预设 {0}。</translation>
    </message>
    <message>
        <source>There are no images to export.</source>
        <translation>没有可导出的图像。</translation>
    </message>
    <message>
        <source>Writing the TensorBoard log…</source>
        <translation>正在写入 TensorBoard 日志…</translation>
    </message>
    <message>
        <source>TensorBoard log written: {0} steps in {1}</source>
        <translation>TensorBoard 日志已写入：{0} 步，位于 {1}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Could not write {0}</source>
        <translation>无法写入 {0}</translation>
    </message>
    <message>
        <source>Before (input of the activation)</source>
        <translation>之前（激活函数的输入）</translation>
    </message>
    <message>
        <source>After the activation</source>
        <translation>经过激活函数之后</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>Red channel</source>
        <translation>红色通道</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Blue channel</source>
        <translation>蓝色通道</translation>
    </message>
    <message>
        <source>Histograms: whole split</source>
        <translation>直方图：整个数据划分</translation>
    </message>
    <message>
        <source>Histograms: this image</source>
        <translation>直方图：当前图像</translation>
    </message>
    <message>
        <source>The diverging display shows the channel chosen above the grids</source>
        <translation>发散色显示只显示网格上方所选的通道</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>values before → after</source>
        <translation>取值 之前 → 之后</translation>
    </message>
    <message>
        <source>mean after</source>
        <translation>之后的均值</translation>
    </message>
    <message>
        <source>exactly 0</source>
        <translation>恰为 0</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>This image</source>
        <translation>当前图像</translation>
    </message>
    <message>
        <source>exactly 0: the share of outputs that are exactly zero. For ReLU that is its ordinary sparsity, not death: a dead unit of a network outputs 0 for every input. saturated: inputs where |f′(x)| &lt; {0}, so almost no gradient flows back.</source>
        <translation>恰为 0：输出恰好为 0 的比例。对 ReLU 来说这是正常的稀疏性，而不是死亡：网络中死亡的神经元对所有输入都输出 0。饱和：|f′(x)| &lt; {0} 的输入，几乎没有梯度能传回去。</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
    <message>
        <source>ToTensor → [0, 1] (the lesson&apos;s)</source>
        <translation>ToTensor → [0, 1]（课程中的做法）</translation>
    </message>
    <message>
        <source>Normalize(0.5, 0.5) → [−1, 1]</source>
        <translation>Normalize(0.5, 0.5) → [−1, 1]</translation>
    </message>
    <message>
        <source>Standardize (CIFAR-10 mean/std)</source>
        <translation>标准化（CIFAR-10 均值/标准差）</translation>
    </message>
    <message>
        <source>None (the lesson&apos;s)</source>
        <translation>无（课程中的做法）</translation>
    </message>
    <message>
        <source>3×3 conv: edges</source>
        <translation>3×3 卷积：边缘</translation>
    </message>
    <message>
        <source>3×3 conv: Laplacian</source>
        <translation>3×3 卷积：拉普拉斯</translation>
    </message>
    <message>
        <source>3×3 conv: sharpen</source>
        <translation>3×3 卷积：锐化</translation>
    </message>
    <message>
        <source>3×3 conv: emboss</source>
        <translation>3×3 卷积：浮雕</translation>
    </message>
    <message>
        <source>Clip to [0, 1] (as add_images does)</source>
        <translation>截断到 [0, 1]（同 add_images）</translation>
    </message>
    <message>
        <source>Stretch each image min–max</source>
        <translation>每张图按最小–最大值拉伸</translation>
    </message>
    <message>
        <source>Diverging map of one channel</source>
        <translation>单通道发散色图</translation>
    </message>
    <message>
        <source>No images loaded yet</source>
        <translation>尚未加载图像</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Before the activation</source>
        <translation>激活之前</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示方式</translation>
    </message>
    <message>
        <source>Selected image</source>
        <translation>选中的图像</translation>
    </message>
    <message>
        <source>inplace=True</source>
        <translation>inplace=True</translation>
    </message>
    <message>
        <source>Cancelled; the previous images stay.</source>
        <translation>已取消，继续使用之前的图像。</translation>
    </message>
    <message>
        <source>all classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>verified against the official checksums</source>
        <translation>已通过官方校验和验证</translation>
    </message>
    <message>
        <source>unverified (checksums differ from the official files)</source>
        <translation>未验证（校验和与官方文件不同）</translation>
    </message>
    <message>
        <source>These are generated sample images. To use CIFAR-10: File → Import CIFAR-10 archive… (the official cifar-10-python.tar.gz), File → Open CIFAR-10 folder…, or File → Download CIFAR-10 when online.</source>
        <translation>当前显示的是程序生成的示例图像。要使用 CIFAR-10：文件 → 导入 CIFAR-10 压缩包…（官方的 cifar-10-python.tar.gz），文件 → 打开 CIFAR-10 文件夹…，或在联网时选择 文件 → 下载 CIFAR-10。</translation>
    </message>
    <message>
        <source>Display clips values to [0, 1] as TensorBoard&apos;s add_images does: everything below 0 shows black, everything above 1 white.</source>
        <translation>显示时像 TensorBoard 的 add_images 一样把数值截断到 [0, 1]：小于 0 的都显示为黑色，大于 1 的都显示为白色。</translation>
    </message>
    <message>
        <source>Display stretches each image from its own minimum to its maximum.</source>
        <translation>显示时把每张图像从它自己的最小值拉伸到最大值。</translation>
    </message>
    <message>
        <source>Display: one channel, blue below 0, white at 0, red above 0.</source>
        <translation>显示：单个通道，小于 0 为蓝色，等于 0 为白色，大于 0 为红色。</translation>
    </message>
    <message>
        <source>{0}: {1} images in {2} classes</source>
        <translation>{0}：共 {1} 张图像，{2} 个类别</translation>
    </message>
    <message>
        <source>Could not load: {0}</source>
        <translation>无法加载：{0}</translation>
    </message>
    <message>
        <source>Whole split ({0})</source>
        <translation>整个划分（{0}）</translation>
    </message>
    <message>
        <source>Detailed notes are written for the lesson&apos;s six: {0}.</source>
        <translation>课程中的六个激活函数有详细说明：{0}。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>inplace=True: does the module overwrite its input?</source>
        <translation>inplace=True：模块会覆盖它的输入吗？</translation>
    </message>
    <message>
        <source>Softmax-type modules act on a whole vector; no inplace option.</source>
        <translation>Softmax 类模块作用于整个向量，没有 inplace 选项。</translation>
    </message>
    <message>
        <source>y shares x&apos;s memory</source>
        <translation>y 与 x 共用内存</translation>
    </message>
    <message>
        <source>x changed</source>
        <translation>x 被改变</translation>
    </message>
    <message>
        <source>This module has no inplace option.</source>
        <translation>这个模块没有 inplace 选项。</translation>
    </message>
    <message>
        <source>inplace=True and autograd (run by PyTorch just now)</source>
        <translation>inplace=True 与自动求导（刚刚由 PyTorch 实际运行）</translation>
    </message>
    <message>
        <source>backward() works; the gradient equals the one without inplace.</source>
        <translation>backward() 正常运行；梯度与不用 inplace 时相同。</translation>
    </message>
    <message>
        <source>backward() works, but the gradient differs.</source>
        <translation>backward() 能运行，但梯度与不用 inplace 时不同。</translation>
    </message>
    <message>
        <source>PyTorch refuses:</source>
        <translation>PyTorch 报错：</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Activation Lab — 激活函数实验室</source>
        <translation>激活函数实验室 — Activation Lab</translation>
    </message>
    <message>
        <source>Loading the image browser…</source>
        <translation>正在加载图像浏览器…</translation>
    </message>
    <message>
        <source>Explorer</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Images (CIFAR-10)</source>
        <translation>图像（CIFAR-10）</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>&amp;Save as .py…</source>
        <translation>另存为 .py(&amp;S)…</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>PyTorch code — {0}</source>
        <translation>PyTorch 代码 — {0}</translation>
    </message>
    <message>
        <source>A runnable script for what this panel shows now, with the current settings. Run it with: python {0}</source>
        <translation>一个可以直接运行的脚本，重现本面板当前的内容和设置。运行方法：python {0}</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>指南</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open CIFAR-10 &amp;folder…</source>
        <translation>打开 CIFAR-10 文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Import CIFAR-10 archive…</source>
        <translation>导入 CIFAR-10 压缩包(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Download CIFAR-10</source>
        <translation>下载 CIFAR-10(&amp;D)</translation>
    </message>
    <message>
        <source>Open &amp;image folder…</source>
        <translation>打开图像文件夹(&amp;I)…</translation>
    </message>
    <message>
        <source>Use the built-in &amp;sample images</source>
        <translation>使用内置示例图像(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Save preset…</source>
        <translation>保存预设(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open preset…</source>
        <translation>打开预设(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>The &amp;built-in lesson</source>
        <translation>内置课程(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Add this state as a lesson step…</source>
        <translation>把当前状态添加为课程步骤(&amp;A)…</translation>
    </message>
    <message>
        <source>Save l&amp;esson…</source>
        <translation>保存课程(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Close the lesson</source>
        <translation>关闭课程(&amp;C)</translation>
    </message>
    <message>
        <source>Plots as &amp;PNG…</source>
        <translation>图表导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Plots as &amp;SVG…</source>
        <translation>图表导出为 SVG(&amp;S)…</translation>
    </message>
    <message>
        <source>Curve data as &amp;CSV…</source>
        <translation>曲线数据导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Image &amp;grid before/after as PNG…</source>
        <translation>前后对比图像网格导出为 PNG(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Large before/after view as PNG…</source>
        <translation>大图前后对比导出为 PNG(&amp;L)…</translation>
    </message>
    <message>
        <source>Split to a &amp;TensorBoard log…</source>
        <translation>整个划分导出为 TensorBoard 日志(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset view</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Next activation</source>
        <translation>下一个激活函数(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous activation</source>
        <translation>上一个激活函数(&amp;P)</translation>
    </message>
    <message>
        <source>Next &amp;image</source>
        <translation>下一张图像(&amp;I)</translation>
    </message>
    <message>
        <source>Previous i&amp;mage</source>
        <translation>上一张图像(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Classroom mode (full screen, large)</source>
        <translation>课堂模式（全屏、大字号）(&amp;C)</translation>
    </message>
    <message>
        <source>Classroom si&amp;ze</source>
        <translation>课堂模式大小(&amp;Z)</translation>
    </message>
    <message>
        <source>Show PyTorch &amp;code…</source>
        <translation>显示 PyTorch 代码(&amp;C)…</translation>
    </message>
    <message>
        <source>Show the &amp;side panels</source>
        <translation>显示侧边面板(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Activation Lab</source>
        <translation>关于激活函数实验室(&amp;A)</translation>
    </message>
    <message>
        <source>Classroom mode: F11 or Esc to leave</source>
        <translation>课堂模式：按 F11 或 Esc 退出</translation>
    </message>
    <message>
        <source>Classroom mode off</source>
        <translation>已退出课堂模式</translation>
    </message>
    <message>
        <source>That page is not available in this version.</source>
        <translation>这个版本中没有该页面。</translation>
    </message>
    <message>
        <source>XOR lab</source>
        <translation>XOR 实验</translation>
    </message>
    <message>
        <source>Depth lab</source>
        <translation>深度实验</translation>
    </message>
    <message>
        <source>Softmax lab</source>
        <translation>Softmax 实验</translation>
    </message>
    <message>
        <source>Network lab</source>
        <translation>网络实验</translation>
    </message>
    <message>
        <source>Needs a screen of at least {0}×{1} pixels</source>
        <translation>需要至少 {0}×{1} 像素的屏幕</translation>
    </message>
    <message>
        <source>Classroom size {0} % does not fit this {1}×{2} screen: {3} % instead</source>
        <translation>课堂尺寸 {0} % 放不下这块 {1}×{2} 的屏幕：改用 {3} %</translation>
    </message>
    <message>
        <source>&lt;/&gt; Show code</source>
        <translation>&lt;/&gt; 显示代码</translation>
    </message>
    <message>
        <source>The PyTorch code for what this panel shows</source>
        <translation>本面板内容对应的 PyTorch 代码</translation>
    </message>
    <message>
        <source>Ready — PyTorch {0}</source>
        <translation>就绪 — PyTorch {0}</translation>
    </message>
    <message>
        <source>Looking for CIFAR-10…</source>
        <translation>正在查找 CIFAR-10…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Activation Lab — 激活函数实验室&lt;/h3&gt;&lt;p&gt;Non-linear activation functions of neural networks, shown on the real PyTorch modules.&lt;/p&gt;&lt;p&gt;PyTorch {0}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;激活函数实验室 — Activation Lab&lt;/h3&gt;&lt;p&gt;用真实的 PyTorch 模块展示神经网络中的非线性激活函数。&lt;/p&gt;&lt;p&gt;PyTorch {0}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Activation Lab</source>
        <translation>关于激活函数实验室</translation>
    </message>
    <message>
        <source>This panel has no code to show.</source>
        <translation>这个面板没有可显示的代码。</translation>
    </message>
    <message>
        <source>Folder holding cifar-10-batches-py</source>
        <translation>包含 cifar-10-batches-py 的文件夹</translation>
    </message>
    <message>
        <source>Folder of images, one sub-folder per class</source>
        <translation>图像文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <source>Generating sample images…</source>
        <translation>正在生成示例图像…</translation>
    </message>
    <message>
        <source>The official CIFAR-10 archive</source>
        <translation>官方 CIFAR-10 压缩包</translation>
    </message>
    <message>
        <source>Importing the CIFAR-10 archive…</source>
        <translation>正在导入 CIFAR-10 压缩包…</translation>
    </message>
    <message>
        <source>Downloading CIFAR-10 (163 MB)…</source>
        <translation>正在下载 CIFAR-10（163 MB）…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Activation Lab preset (*.json)</source>
        <translation>激活函数实验室预设 (*.json)</translation>
    </message>
    <message>
        <source>Save the lesson preset</source>
        <translation>保存课程预设</translation>
    </message>
    <message>
        <source>Open a lesson preset</source>
        <translation>打开课程预设</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Folder for the TensorBoard log</source>
        <translation>TensorBoard 日志的文件夹</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Type an exact value; allowed: {0}</source>
        <translation>输入精确数值；允许范围：{0}</translation>
    </message>
    <message>
        <source>Numbers separated by commas, e.g. 0, 1.5, −2</source>
        <translation>用逗号分隔的数字，例如 0, 1.5, −2</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Restore PyTorch&apos;s default parameters</source>
        <translation>恢复 PyTorch 的默认参数</translation>
    </message>
    <message>
        <source>{0} (allowed: {1})</source>
        <translation>{0}（允许范围：{1}）</translation>
    </message>
    <message>
        <source>This activation has no parameters.</source>
        <translation>这个激活函数没有参数。</translation>
    </message>
    <message>
        <source>The saved settings could not be read ({0}); defaults are used.</source>
        <translation>无法读取保存的设置（{0}），已使用默认设置。</translation>
    </message>
    <message>
        <source>The damaged settings were kept as {0}.</source>
        <translation>损坏的设置已另存为 {0}。</translation>
    </message>
    <message>
        <source>the settings file is not an ordinary file or is too large</source>
        <translation>设置文件不是普通文件，或者过大</translation>
    </message>
    <message>
        <source>the settings file is damaged</source>
        <translation>设置文件已损坏</translation>
    </message>
    <message>
        <source>not a text</source>
        <translation>不是文本</translation>
    </message>
    <message>
        <source>λ (lambd)</source>
        <translation>λ (lambd)</translation>
    </message>
    <message>
        <source>Other logits</source>
        <translation>其他 logit</translation>
    </message>
    <message>
        <source>{lo_name} must be {rel} {hi_name} (now {lo:g} and {hi:g})</source>
        <translation>{lo_name} 必须 {rel} {hi_name}（当前为 {lo:g} 和 {hi:g}）</translation>
    </message>
    <message>
        <source>Negative slope</source>
        <translation>负半轴斜率</translation>
    </message>
    <message>
        <source>Initial slope (init)</source>
        <translation>初始斜率 (init)</translation>
    </message>
    <message>
        <source>The slope is a learnable weight; shown at its initial value.</source>
        <translation>斜率是可学习的权重，这里显示的是它的初始值。</translation>
    </message>
    <message>
        <source>Lower slope</source>
        <translation>斜率下限</translation>
    </message>
    <message>
        <source>Upper slope</source>
        <translation>斜率上限</translation>
    </message>
    <message>
        <source>Shown in eval mode: the negative slope is fixed at (lower + upper) / 2. In training mode it is drawn at random for every element.</source>
        <translation>这里显示的是评估模式：负半轴斜率固定为 (lower + upper) / 2。训练模式下，每个元素的斜率都是随机抽取的。</translation>
    </message>
    <message>
        <source>α (alpha)</source>
        <translation>α (alpha)</translation>
    </message>
    <message>
        <source>Approximation</source>
        <translation>近似方式</translation>
    </message>
    <message>
        <source>SiLU is Swish with β = 1.</source>
        <translation>SiLU 就是 β = 1 的 Swish。</translation>
    </message>
    <message>
        <source>β (beta)</source>
        <translation>β (beta)</translation>
    </message>
    <message>
        <source>Not part of torch.nn: a small module of this program computing x·sigmoid(βx). With β = 1 it is nn.SiLU.</source>
        <translation>不属于 torch.nn：这是本程序自带的小模块，计算 x·sigmoid(βx)。β = 1 时就是 nn.SiLU。</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>below the threshold Softplus computes exp(β·x), which is infinite in float32 beyond 88</source>
        <translation>阈值以下 Softplus 计算 exp(β·x)，在 float32 中超过 88 就是无穷大</translation>
    </message>
    <message>
        <source>Above x = threshold / β PyTorch returns x itself, for numerical stability; with a low threshold the curve visibly jumps there.</source>
        <translation>x 超过 threshold / β 后，PyTorch 直接返回 x 本身，这是为了数值稳定；阈值调低时，曲线会在那里出现看得见的跳变。</translation>
    </message>
    <message>
        <source>Minimum (min_val)</source>
        <translation>最小值 (min_val)</translation>
    </message>
    <message>
        <source>Maximum (max_val)</source>
        <translation>最大值 (max_val)</translation>
    </message>
    <message>
        <source>Replacement value</source>
        <translation>替换值</translation>
    </message>
    <message>
        <source>Keeps x where x &gt; threshold and replaces everything else by value.</source>
        <translation>x &gt; threshold 时保留 x，其余位置一律替换为 value。</translation>
    </message>
    <message>
        <source>Softmax acts on a whole vector. The curve is component 0 as its logit x varies while the other logits stay fixed. With one other logit at 0, Softmax equals Sigmoid.</source>
        <translation>Softmax 作用于整个向量。曲线显示的是第 0 个分量随它的 logit x 变化的情形，其他 logit 保持不变。如果只有一个其他 logit 且等于 0，Softmax 就等于 Sigmoid。</translation>
    </message>
    <message>
        <source>Softmin(x) = Softmax(−x): component 0 as its logit x varies, others fixed.</source>
        <translation>Softmin(x) = Softmax(−x)：第 0 个分量随它的 logit x 变化，其他保持不变。</translation>
    </message>
    <message>
        <source>log(Softmax(x)): component 0 as its logit x varies, others fixed.</source>
        <translation>log(Softmax(x))：第 0 个分量随它的 logit x 变化，其他保持不变。</translation>
    </message>
    <message>
        <source>PyTorch default: U(±1/√fan_in)</source>
        <translation>PyTorch 默认：U(±1/√fan_in)</translation>
    </message>
    <message>
        <source>Xavier (Glorot) uniform, for tanh / sigmoid</source>
        <translation>Xavier（Glorot）均匀分布，适合 tanh / sigmoid</translation>
    </message>
    <message>
        <source>Kaiming (He) normal, for the ReLU family</source>
        <translation>Kaiming（He）正态分布，适合 ReLU 家族</translation>
    </message>
    <message>
        <source>Xavier (Glorot) uniform</source>
        <translation>Xavier（Glorot）均匀分布</translation>
    </message>
    <message>
        <source>Exporting to TensorBoard needs the optional package tensorboard, which is not installed. Install it with: {extra} (or, in a source checkout: {venv})</source>
        <translation>导出到 TensorBoard 需要可选软件包 tensorboard，但它尚未安装。安装方法：{extra}（在源码目录中：{venv}）</translation>
    </message>
    <message>
        <source>TensorBoard is installed but cannot be loaded: {error}</source>
        <translation>TensorBoard 已安装，但无法加载：{error}</translation>
    </message>
    <message>
        <source>cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>{label} must be one of: {choices}</source>
        <translation>{label} 必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>{label} needs at least one number</source>
        <translation>{label} 至少需要一个数字</translation>
    </message>
    <message>
        <source>{label} takes at most {n} numbers</source>
        <translation>{label} 最多只能有 {n} 个数字</translation>
    </message>
    <message>
        <source>{label} must be a number</source>
        <translation>{label} 必须是数字</translation>
    </message>
    <message>
        <source>{label} cannot be NaN</source>
        <translation>{label} 不能是 NaN</translation>
    </message>
    <message>
        <source>{label} must be finite</source>
        <translation>{label} 必须是有限数</translation>
    </message>
    <message>
        <source>{label} must be {rel} {bound}</source>
        <translation>{label} 必须 {rel} {bound}</translation>
    </message>
    <message>
        <source>{label} must be {rel} {bound}: {why}</source>
        <translation>{label} 必须 {rel} {bound}：{why}</translation>
    </message>
    <message>
        <source>{label} must lie within ±{limit}: beyond it the images, computed in float32, would overflow to infinity</source>
        <translation>{label} 必须在 ±{limit} 以内：超出后，以 float32 计算的图像会溢出为无穷大</translation>
    </message>
    <message>
        <source>{label} must be at least {limit}: smaller values become 0 in float32, in which the images are computed</source>
        <translation>{label} 至少为 {limit}：更小的值在计算图像所用的 float32 中会变成 0</translation>
    </message>
    <message>
        <source>{label}: &apos;{text}&apos; is not a number</source>
        <translation>{label}：“{text}”不是数字</translation>
    </message>
    <message>
        <source>unknown parameter(s): {names}</source>
        <translation>未知参数：{names}</translation>
    </message>
    <message>
        <source>{label} is missing</source>
        <translation>缺少 {label}</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>一个对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>一个列表</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>一段文本</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>一个数字</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>一个整数</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>the file is too large to be a preset (more than {limit} MB)</source>
        <translation>文件太大，不可能是预设（超过 {limit} MB）</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text</source>
        <translation>文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file ends too early (truncated JSON, line {line})</source>
        <translation>文件提前结束（JSON 被截断，第 {line} 行）</translation>
    </message>
    <message>
        <source>the file is not valid JSON (line {line}, column {column})</source>
        <translation>文件不是有效的 JSON（第 {line} 行，第 {column} 列）</translation>
    </message>
    <message>
        <source>the file is not valid JSON (nested too deeply)</source>
        <translation>文件不是有效的 JSON（嵌套层级过深）</translation>
    </message>
    <message>
        <source>the file is not valid JSON (a number is too long)</source>
        <translation>文件不是有效的 JSON（某个数字过长）</translation>
    </message>
    <message>
        <source>the file holds characters that are not valid text</source>
        <translation>文件中含有无效的文本字符</translation>
    </message>
    <message>
        <source>not a lesson: the file holds no JSON object</source>
        <translation>不是课程文件：文件里没有 JSON 对象</translation>
    </message>
    <message>
        <source>the lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>the lesson&apos;s title</source>
        <translation>课程标题</translation>
    </message>
    <message>
        <source>language must be one of {choices}, not {value}</source>
        <translation>language 必须是 {choices} 之一，而不是 {value}</translation>
    </message>
    <message>
        <source>the lesson has no list of steps</source>
        <translation>课程没有步骤列表</translation>
    </message>
    <message>
        <source>the lesson has no steps</source>
        <translation>课程中没有任何步骤</translation>
    </message>
    <message>
        <source>not an Activation Lab lesson (&quot;format&quot; is not &quot;{expected}&quot;)</source>
        <translation>不是激活函数实验室的课程文件（&quot;format&quot; 不是 &quot;{expected}&quot;）</translation>
    </message>
    <message>
        <source>the lesson&apos;s &quot;version&quot; must be a whole number from 1, not {value}</source>
        <translation>课程的 &quot;version&quot; 必须是不小于 1 的整数，而不是 {value}</translation>
    </message>
    <message>
        <source>made by a newer Activation Lab (lesson format {version}); this version reads format {supported}</source>
        <translation>由更新版本的激活函数实验室生成（课程格式 {version}）；本版本只能读取格式 {supported}</translation>
    </message>
    <message>
        <source>step {number}</source>
        <translation>第 {number} 步</translation>
    </message>
    <message>
        <source>step {number} must be a JSON object</source>
        <translation>第 {number} 步必须是 JSON 对象</translation>
    </message>
    <message>
        <source>the title of step {number}</source>
        <translation>第 {number} 步的标题</translation>
    </message>
    <message>
        <source>the note of step {number}</source>
        <translation>第 {number} 步的提示</translation>
    </message>
    <message>
        <source>step {number} has no preset</source>
        <translation>第 {number} 步没有预设</translation>
    </message>
    <message>
        <source>step {number}: {reason}</source>
        <translation>第 {number} 步：{reason}</translation>
    </message>
    <message>
        <source>step {number}: panel must be one of {choices}, not {value}</source>
        <translation>第 {number} 步：panel 必须是 {choices} 之一，而不是 {value}</translation>
    </message>
    <message>
        <source>step {number}: the {panel} panel has no view {value}</source>
        <translation>第 {number} 步：{panel} 面板没有视图 {value}</translation>
    </message>
    <message>
        <source>{where} must be a text</source>
        <translation>{where}必须是文本</translation>
    </message>
    <message>
        <source>{where} is longer than {limit} characters</source>
        <translation>{where}超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>{where} holds a character that is not valid text</source>
        <translation>{where}含有无效的文本字符</translation>
    </message>
    <message>
        <source>the file is too large to be a lesson (more than {limit} MB)</source>
        <translation>文件太大，不可能是课程文件（超过 {limit} MB）</translation>
    </message>
    <message>
        <source>a lesson has at most {limit} steps</source>
        <translation>一个课程最多 {limit} 步</translation>
    </message>
    <message>
        <source>{where}: unknown field(s) {names}</source>
        <translation>{where}：未知字段 {names}</translation>
    </message>
    <message>
        <source>the file holds text that is not valid Unicode (a lone surrogate or a NUL)</source>
        <translation>文件中含有无效的 Unicode 文本（孤立的代理字符或 NUL 字符）</translation>
    </message>
    <message>
        <source>not a preset: the file holds {found}, not a JSON object</source>
        <translation>不是预设：文件内容是{found}，而不是 JSON 对象</translation>
    </message>
    <message>
        <source>not an Activation Lab preset (no &quot;format&quot; field)</source>
        <translation>不是激活函数实验室的预设（没有 &quot;format&quot; 字段）</translation>
    </message>
    <message>
        <source>not an Activation Lab preset (&quot;format&quot; is {value}, not &quot;{expected}&quot;)</source>
        <translation>不是激活函数实验室的预设（&quot;format&quot; 是 {value}，而不是 &quot;{expected}&quot;）</translation>
    </message>
    <message>
        <source>the preset has no format &quot;version&quot;</source>
        <translation>预设中没有格式 &quot;version&quot;</translation>
    </message>
    <message>
        <source>the preset&apos;s &quot;version&quot; must be a whole number, not {value}</source>
        <translation>预设的 &quot;version&quot; 必须是整数，而不是 {value}</translation>
    </message>
    <message>
        <source>made by a newer Activation Lab (format {version}); this version reads format {supported}</source>
        <translation>由更新版本的激活函数实验室生成（格式 {version}）；本版本只能读取格式 {supported}</translation>
    </message>
    <message>
        <source>the preset&apos;s &quot;version&quot; must be 1 or more, not {value}</source>
        <translation>预设的 &quot;version&quot; 必须不小于 1，而不是 {value}</translation>
    </message>
    <message>
        <source>{path}: {name} has no parameter {param}</source>
        <translation>{path}：{name} 没有参数 {param}</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
    <message>
        <source>explorer.own: at most {n} own activations</source>
        <translation>explorer.own：最多 {n} 个自定义激活函数</translation>
    </message>
    <message>
        <source>{path}: the formula has no parameter {param}</source>
        <translation>{path}：公式中没有参数 {param}</translation>
    </message>
    <message>
        <source>{path}: the same formula twice</source>
        <translation>{path}：同一个公式出现了两次</translation>
    </message>
    <message>
        <source>{path}: the number is too large</source>
        <translation>{path}：数字太大</translation>
    </message>
    <message>
        <source>explorer.x_range must hold two numbers [min, max], not {count}</source>
        <translation>explorer.x_range 必须包含两个数 [min, max]，而不是 {count} 个</translation>
    </message>
    <message>
        <source>images.channel must be 0, 1 or 2, not {value}</source>
        <translation>images.channel 必须是 0、1 或 2，而不是 {value}</translation>
    </message>
    <message>
        <source>{path} must be from {low} to {high}, not {value}</source>
        <translation>{path} 必须在 {low} 到 {high} 之间，而不是 {value}</translation>
    </message>
    <message>
        <source>{path} must be one of {choices}, not {value}</source>
        <translation>{path} 必须是 {choices} 之一，而不是 {value}</translation>
    </message>
    <message>
        <source>{path} must hold {low} to {high} numbers, not {count}</source>
        <translation>{path} 必须包含 {low} 到 {high} 个数，而不是 {count} 个</translation>
    </message>
    <message>
        <source>{path} is missing</source>
        <translation>缺少 {path}</translation>
    </message>
    <message>
        <source>{path}: unknown field(s) {names}</source>
        <translation>{path}：未知字段 {names}</translation>
    </message>
    <message>
        <source>{path}: unknown activation {key}</source>
        <translation>{path}：未知的激活函数 {key}</translation>
    </message>
    <message>
        <source>{path} must be {expected}, not {found}</source>
        <translation>{path} 必须是{expected}，而不是{found}</translation>
    </message>
    <message>
        <source>the preset shows the &quot;{split}&quot; split, which the current data does not have; staying on &quot;{current}&quot;</source>
        <translation>预设使用的是 &quot;{split}&quot; 划分，当前数据中没有；继续使用 &quot;{current}&quot;</translation>
    </message>
    <message>
        <source>the x range must be finite numbers</source>
        <translation>x 范围必须是有限数</translation>
    </message>
    <message>
        <source>the x range must stay within ±{limit:g}</source>
        <translation>x 范围必须在 ±{limit:g} 以内</translation>
    </message>
    <message>
        <source>x min must be smaller than x max (now {lo:g} and {hi:g})</source>
        <translation>x 最小值必须小于 x 最大值（当前为 {lo:g} 和 {hi:g}）</translation>
    </message>
    <message>
        <source>XOR (4 points)</source>
        <translation>XOR（4 个点）</translation>
    </message>
    <message>
        <source>Noisy XOR (4 clusters)</source>
        <translation>带噪声的 XOR（4 簇）</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Two spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <source>SGD (plain)</source>
        <translation>SGD（普通）</translation>
    </message>
    <message>
        <source>SGD with momentum 0.9</source>
        <translation>SGD（动量 0.9）</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Choose between 1 and {n} activations.</source>
        <translation>请选择 1 到 {n} 个激活函数。</translation>
    </message>
    <message>
        <source>unknown activation &apos;{key}&apos;</source>
        <translation>未知的激活函数“{key}”</translation>
    </message>
    <message>
        <source>{name} acts on a whole vector, not on each unit: it belongs after the last layer, not in a hidden layer</source>
        <translation>{name} 作用于整个向量，而不是逐个单元：它属于最后一层之后，而不是隐藏层</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <source>unknown optimizer &apos;{key}&apos;</source>
        <translation>未知的优化器“{key}”</translation>
    </message>
    <message>
        <source>unknown initialisation &apos;{key}&apos;</source>
        <translation>未知的初始化方式“{key}”</translation>
    </message>
    <message>
        <source>The learning rate must be between {lo:g} and {hi:g}.</source>
        <translation>学习率必须在 {lo:g} 与 {hi:g} 之间。</translation>
    </message>
    <message>
        <source>{name} must be a whole number from {lo} to {hi}</source>
        <translation>{name} 必须是 {lo} 到 {hi} 之间的整数</translation>
    </message>
    <message>
        <source>The lesson: ReLU, Sigmoid, Tanh</source>
        <translation>课程示例：ReLU、Sigmoid、Tanh</translation>
    </message>
    <message>
        <source>Dying ReLU: a large learning rate</source>
        <translation>ReLU 死亡：较大的学习率</translation>
    </message>
    <message>
        <source>Sigmoid in a deeper net</source>
        <translation>更深网络中的 Sigmoid</translation>
    </message>
    <message>
        <source>the &quot;network&quot; section is not valid: {detail}</source>
        <translation>“network”（网络实验）部分无效：{detail}</translation>
    </message>
    <message>
        <source>The lab needs 32×32 colour images, not {shape}.</source>
        <translation>本实验需要 32×32 的彩色图像，而不是 {shape}。</translation>
    </message>
    <message>
        <source>There are no images to train on.</source>
        <translation>没有可用于训练的图像。</translation>
    </message>
    <message>
        <source>The saved weights do not fit these images ({n} classes).</source>
        <translation>保存的权重与这些图像（{n} 个类别）不匹配。</translation>
    </message>
    <message>
        <source>The saved race was trained on other images.</source>
        <translation>保存的比赛是在另一组图像上训练的。</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>每秒 {0} 步</translation>
    </message>
    <message>
        <source>Gradients through depth</source>
        <translation>梯度随深度的变化</translation>
    </message>
    <message>
        <source>Tick the activations to compare</source>
        <translation>勾选要比较的激活函数</translation>
    </message>
    <message>
        <source>Layers N</source>
        <translation>层数 N</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seeds averaged</source>
        <translation>平均的随机种子数</translation>
    </message>
    <message>
        <source>N layers of Linear + activation on random inputs. Thick lines with markers: ‖∂L/∂W‖, how hard one training step pushes each layer&apos;s weights (each activation keeps its own colour and dash); thin dotted lines: ‖∂L/∂z‖, the signal passed back (layer 1 is next to the input, layer N next to the loss). Every activation gets the same weights, inputs and gradient at the top. A dead unit outputs 0 for every input of the batch; a ReLU output of 0 for some inputs is ordinary sparsity. Initialise for the activation: Xavier for tanh and sigmoid, Kaiming for the ReLU family (nn.init.calculate_gain gives the gain); normalisation layers and residual connections are the other fixes for deep stacks.</source>
        <translation>N 层“线性层 + 激活函数”，输入是随机数据。带标记的粗线：‖∂L/∂W‖，即一步训练对每层权重的推动有多大（每个激活函数保留自己的颜色和线型）；细点线：‖∂L/∂z‖，即反向传回的信号（第 1 层紧挨输入，第 N 层紧挨损失）。每个激活函数使用相同的权重、输入和顶层梯度。死亡神经元对这一批的所有输入都输出 0；ReLU 只对部分输入输出 0 是正常的稀疏性。要按激活函数选择初始化：tanh 和 sigmoid 用 Xavier，ReLU 家族用 Kaiming（增益由 nn.init.calculate_gain 给出）；归一化层和残差连接是深层网络的另外两种对策。</translation>
    </message>
    <message>
        <source>Gradient norm per layer (log scale)</source>
        <translation>每层的梯度范数（对数坐标）</translation>
    </message>
    <message>
        <source>Saturated: |f′(z)| &lt; {0} (%)</source>
        <translation>饱和：|f′(z)| &lt; {0}（%）</translation>
    </message>
    <message>
        <source>∂L/∂W {0}, ∂L/∂z {1}</source>
        <translation>∂L/∂W {0}，∂L/∂z {1}</translation>
    </message>
    <message>
        <source>, dead ≤ {0:.0f} %</source>
        <translation>，死亡 ≤ {0:.0f} %</translation>
    </message>
    <message>
        <source>Layer 1 relative to layer {0}:</source>
        <translation>第 1 层与第 {0} 层之比：</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Exactly 0 (thick), dead units (dotted), %</source>
        <translation>恰为 0（粗线）与死亡神经元（点线），%</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖ (thick)</source>
        <translation>‖∂L/∂W‖（粗线）</translation>
    </message>
    <message>
        <source>‖∂L/∂z‖ (thin, dotted)</source>
        <translation>‖∂L/∂z‖（细点线）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Could not compute: {0}</source>
        <translation>无法计算：{0}</translation>
    </message>
    <message>
        <source>Depth lab: {0}</source>
        <translation>深度实验：{0}</translation>
    </message>
    <message>
        <source>Tick at least one activation.</source>
        <translation>请至少勾选一个激活函数。</translation>
    </message>
    <message>
        <source>exactly 0 from layer {0} down (float32 underflow)</source>
        <translation>从第 {0} 层往下恰为 0（float32 下溢）</translation>
    </message>
    <message>
        <source>Softmax: scores → probabilities</source>
        <translation>Softmax：分数 → 概率</translation>
    </message>
    <message>
        <source>+ logit</source>
        <translation>+ logit</translation>
    </message>
    <message>
        <source>− logit</source>
        <translation>− logit</translation>
    </message>
    <message>
        <source>softmax(x / T): T &gt; 1 flattens, T &lt; 1 sharpens</source>
        <translation>softmax(x / T)：T &gt; 1 使分布更平，T &lt; 1 使分布更尖</translation>
    </message>
    <message>
        <source>Adds the same number to every logit: softmax does not change</source>
        <translation>给每个 logit 加上同一个数：softmax 的结果不变</translation>
    </message>
    <message>
        <source>Temperature T</source>
        <translation>温度 T</translation>
    </message>
    <message>
        <source>Logits x (scores from the last layer)</source>
        <translation>Logit x（最后一层给出的分数）</translation>
    </message>
    <message>
        <source>softmax(x / T): probabilities</source>
        <translation>softmax(x / T)：概率</translation>
    </message>
    <message>
        <source>log_softmax(x / T)</source>
        <translation>log_softmax(x / T)</translation>
    </message>
    <message>
        <source>z = (x + c) / T</source>
        <translation>z = (x + c) / T</translation>
    </message>
    <message>
        <source>naive exp(z)</source>
        <translation>朴素公式 exp(z)</translation>
    </message>
    <message>
        <source>naive p</source>
        <translation>朴素 p</translation>
    </message>
    <message>
        <source>z − max</source>
        <translation>z − max</translation>
    </message>
    <message>
        <source>stable p</source>
        <translation>稳定 p</translation>
    </message>
    <message>
        <source>exp(z − max)</source>
        <translation>exp(z − max)</translation>
    </message>
    <message>
        <source>Add c to every logit</source>
        <translation>给每个 logit 加上 c</translation>
    </message>
    <message>
        <source>Show the overflow (c = {0:g})</source>
        <translation>演示溢出（c = {0:g}）</translation>
    </message>
    <message>
        <source>Adds a large number to every logit</source>
        <translation>给每个 logit 加上一个很大的数</translation>
    </message>
    <message>
        <source>Σ p = {0} = &lt;b&gt;{1:.6f}&lt;/b&gt;</source>
        <translation>Σ p = {0} = &lt;b&gt;{1:.6f}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Σ p = &lt;b&gt;{0:.6f}&lt;/b&gt;</source>
        <translation>Σ p = &lt;b&gt;{0:.6f}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>With two logits Softmax is Sigmoid of their difference: press − logit.</source>
        <translation>只有两个 logit 时，Softmax 就是它们之差的 Sigmoid：请按 “− logit”。</translation>
    </message>
    <message>
        <source>Two classes: softmax(x / T)₁ = σ((x₁ − x₂) / T) = σ({0:.3f}) = &lt;b&gt;{1:.6f}&lt;/b&gt; — the same as the first bar, &lt;b&gt;{2:.6f}&lt;/b&gt;. Binary outputs use Sigmoid.</source>
        <translation>两个类别：softmax(x / T)₁ = σ((x₁ − x₂) / T) = σ({0:.3f}) = &lt;b&gt;{1:.6f}&lt;/b&gt;，与第一根柱子 &lt;b&gt;{2:.6f}&lt;/b&gt; 相同。二分类输出用 Sigmoid。</translation>
    </message>
    <message>
        <source>In float32, as a network computes: exp(z) overflows to inf once z &gt; {0:.2f}. Subtracting the maximum first changes nothing mathematically (softmax(z − m) = softmax(z)) and keeps every exp(·) in (0, 1].</source>
        <translation>像网络一样用 float32 计算：z &gt; {0:.2f} 时 exp(z) 就会溢出成 inf。先减去最大值在数学上不改变结果（softmax(z − m) = softmax(z)），却能让每个 exp(·) 都落在 (0, 1] 内。</translation>
    </message>
    <message>
        <source>The naive formula breaks: inf / inf = NaN, 0 / 0 = NaN.</source>
        <translation>朴素公式失效了：inf / inf = NaN，0 / 0 = NaN。</translation>
    </message>
    <message>
        <source>The stable one still gives the right probabilities.</source>
        <translation>数值稳定的写法仍然给出正确的概率。</translation>
    </message>
    <message>
        <source>Both agree here. Drag c above {0:.0f} (or below −100) to break the naive one.</source>
        <translation>这里两者一致。把 c 拖到 {0:.0f} 以上（或 −100 以下），朴素公式就会失效。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New random weights (same seed: same start)</source>
        <translation>重新随机初始化权重（种子相同则起点相同）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One optimizer step, then wait</source>
        <translation>只走一步优化，然后等待</translation>
    </message>
    <message>
        <source>follow the Explorer</source>
        <translation>跟随探索页</translation>
    </message>
    <message>
        <source>Use the activation selected in the Explorer</source>
        <translation>使用探索页中选中的激活函数</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>No CIFAR-10 here: the race runs on {source}, which says little about real images. Get CIFAR-10 with File &gt; Import CIFAR-10 archive… (or File &gt; Download CIFAR-10).</source>
        <translation>没有 CIFAR-10：比赛在{source}上进行，这对真实图像说明不了多少。请通过“文件 &gt; 导入 CIFAR-10 压缩包…”（或“文件 &gt; 下载 CIFAR-10”）获取 CIFAR-10。</translation>
    </message>
    <message>
        <source>Softmax, Softmin and LogSoftmax act on a whole vector, not on each unit: they are not hidden-layer activations and cannot race.</source>
        <translation>Softmax、Softmin 和 LogSoftmax 作用于整个向量，而不是逐个单元：它们不是隐藏层激活函数，不能参赛。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Preparing the race…</source>
        <translation>正在准备比赛…</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Network lab: race activations on real images</source>
        <translation>网络实验：在真实图像上比赛激活函数</translation>
    </message>
    <message>
        <source>Ready set-ups: fill in every control</source>
        <translation>预设实验：一次填好所有设置</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Activations (1–6):</source>
        <translation>激活函数（1–6 个）：</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Extra conv layers</source>
        <translation>额外卷积层</translation>
    </message>
    <message>
        <source>Conv 32→32 layers added after the second pooling: a deeper network</source>
        <translation>在第二次池化之后加入的 32→32 卷积层：更深的网络</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Save weights…</source>
        <translation>保存权重…</translation>
    </message>
    <message>
        <source>Open weights…</source>
        <translation>打开权重…</translation>
    </message>
    <message>
        <source>Saves the race: the trained weights, the optimizers&apos; state, the curves and where the race stands. Opening it goes on from there.</source>
        <translation>保存比赛：训练好的权重、优化器的状态、曲线以及比赛进行到的位置。打开后从那里继续。</translation>
    </message>
    <message>
        <source>Curves as CSV…</source>
        <translation>曲线导出为 CSV…</translation>
    </message>
    <message>
        <source>TensorBoard scalars…</source>
        <translation>TensorBoard 标量…</translation>
    </message>
    <message>
        <source>Layer for gradient and dead units:</source>
        <translation>梯度与死亡单元曲线的层：</translation>
    </message>
    <message>
        <source>Image &amp;browser&apos;s selection</source>
        <translation>图像浏览器中选中的图像(&amp;B)</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Test image:</source>
        <translation>测试图像：</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Inside the network</source>
        <translation>网络内部(&amp;I)</translation>
    </message>
    <message>
        <source>Training loss (mean of the last {0} batches)</source>
        <translation>训练损失（最近 {0} 个批次的平均）</translation>
    </message>
    <message>
        <source>Test accuracy (line: test subset; dots: whole test split)</source>
        <translation>测试准确率（线：测试子集；点：整个测试集）</translation>
    </message>
    <message>
        <source>Gradient norm ‖∂L/∂W‖ (log scale)</source>
        <translation>梯度范数 ‖∂L/∂W‖（对数坐标）</translation>
    </message>
    <message>
        <source>Dead units (%): output 0 for every evaluated image</source>
        <translation>死亡单元（%）：对每张评估图像输出都为 0</translation>
    </message>
    <message>
        <source>training images seen</source>
        <translation>已见训练图像数</translation>
    </message>
    <message>
        <source>z: what the layer computes; f(z): after the activation. Blue is negative, red positive, one colour scale for every map (colour bar). Each conv channel is one tile. Refreshed at each evaluation and on Pause.</source>
        <translation>z：该层计算的结果；f(z)：经过激活函数之后。蓝色为负，红色为正，所有特征图共用一个色标（见色条）。每个卷积通道是一个小块。每次评估和暂停时刷新。</translation>
    </message>
    <message>
        <source>The images are still loading; try again in a moment.</source>
        <translation>图像仍在加载，请稍后再试。</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>{0:.0f} images/s</source>
        <translation>{0:.0f} 张图像/秒</translation>
    </message>
    <message>
        <source>{0} — epoch {1} of {2}</source>
        <translation>{0} — 第 {1}/{2} 轮</translation>
    </message>
    <message>
        <source>Network lab: stopped — {0} was removed</source>
        <translation>网络实验：已停止——{0} 已被删除</translation>
    </message>
    <message>
        <source>Network lab: {0}</source>
        <translation>网络实验：{0}</translation>
    </message>
    <message>
        <source>z = {0}(x)</source>
        <translation>z = {0}(x)</translation>
    </message>
    <message>
        <source>f(z)</source>
        <translation>f(z)</translation>
    </message>
    <message>
        <source>hidden vector f(fc1)</source>
        <translation>隐藏向量 f(fc1)</translation>
    </message>
    <message>
        <source>class probabilities</source>
        <translation>类别概率</translation>
    </message>
    <message>
        <source>{0}: {1:.0%}</source>
        <translation>{0}：{1:.0%}</translation>
    </message>
    <message>
        <source>Save the trained weights</source>
        <translation>保存训练好的权重</translation>
    </message>
    <message>
        <source>Weights (*.pt)</source>
        <translation>权重 (*.pt)</translation>
    </message>
    <message>
        <source>Weights saved to {path}</source>
        <translation>权重已保存到 {path}</translation>
    </message>
    <message>
        <source>Open trained weights</source>
        <translation>打开训练好的权重</translation>
    </message>
    <message>
        <source>Weights opened from {0}</source>
        <translation>已从 {0} 打开权重</translation>
    </message>
    <message>
        <source>{rows} rows written to {path}</source>
        <translation>已写入 {rows} 行到 {path}</translation>
    </message>
    <message>
        <source>TensorBoard log written to {path}</source>
        <translation>TensorBoard 日志已写入 {path}</translation>
    </message>
    <message>
        <source>Hidden width</source>
        <translation>隐藏层宽度</translation>
    </message>
    <message>
        <source>Optimizer steps per second</source>
        <translation>每秒的优化步数</translation>
    </message>
    <message>
        <source>Start trains at most this many steps; it also stops when the net has converged</source>
        <translation>每次“开始”最多训练这么多步；网络收敛时也会自动停止</translation>
    </message>
    <message>
        <source>Where each unit of the first hidden layer gets input 0: where a ReLU bends</source>
        <translation>第一隐藏层每个单元输入为 0 的位置：ReLU 在这里弯折</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>loss (BCE, log scale)</source>
        <translation>损失（BCE，对数坐标）</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>thin lines: the hidden units</source>
        <translation>细线：各隐藏单元</translation>
    </message>
    <message>
        <source>stop after</source>
        <translation>最多训练</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Press Start to train both networks.</source>
        <translation>按“开始”同时训练两个网络。</translation>
    </message>
    <message>
        <source>XOR lab: training</source>
        <translation>XOR 实验：训练中</translation>
    </message>
    <message>
        <source>XOR lab: paused at step {0}</source>
        <translation>XOR 实验：暂停于第 {0} 步</translation>
    </message>
    <message>
        <source>the loss has stopped going down</source>
        <translation>损失不再下降</translation>
    </message>
    <message>
        <source>step limit reached</source>
        <translation>已达到步数上限</translation>
    </message>
    <message>
        <source>XOR lab: stopped at step {0} — {1}</source>
        <translation>XOR 实验：在第 {0} 步停止——{1}</translation>
    </message>
    <message>
        <source>best straight line: {0:.3f}</source>
        <translation>最佳直线：{0:.3f}</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>with {0}</source>
        <translation>使用 {0}</translation>
    </message>
    <message>
        <source>Its boundary, logit = 0, is one straight line (dashed).</source>
        <translation>它的决策边界 logit = 0 是一条直线（虚线）。</translation>
    </message>
    <message>
        <source>It now predicts p ≈ 0.5 for every point: no better than chance, and there is no boundary to draw.</source>
        <translation>它现在对每个点都预测 p ≈ 0.5：不比瞎猜好，也没有边界可画。</translation>
    </message>
    <message>
        <source>XOR lab: {0}</source>
        <translation>XOR 实验：{0}</translation>
    </message>
    <message>
        <source>solved (loss &lt; {0:g})</source>
        <translation>已解决（损失 &lt; {0:g}）</translation>
    </message>
    <message>
        <source>shade: the net&apos;s p(class 1)</source>
        <translation>底色：网络给出的 p(类别 1)</translation>
    </message>
    <message>
        <source>p ≈ 0.5: chance</source>
        <translation>p ≈ 0.5：等于瞎猜</translation>
    </message>
    <message>
        <source>no activation</source>
        <translation>无激活函数</translation>
    </message>
    <message>
        <source>Without activations the {0} layers collapse into one:</source>
        <translation>没有激活函数时，这 {0} 层会合并成一层：</translation>
    </message>
    <message>
        <source>The best any straight line reaches on these points: loss {0:.3f}.</source>
        <translation>在这些点上，任何一条直线能达到的最好损失：{0:.3f}。</translation>
    </message>
    <message>
        <source>colour ramp</source>
        <translation>颜色渐变</translation>
    </message>
    <message>
        <source>stripes</source>
        <translation>条纹</translation>
    </message>
    <message>
        <source>checkerboard</source>
        <translation>棋盘格</translation>
    </message>
    <message>
        <source>disc</source>
        <translation>圆盘</translation>
    </message>
    <message>
        <source>rings</source>
        <translation>圆环</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>暗</translation>
    </message>
    <message>
        <source>bright</source>
        <translation>亮</translation>
    </message>
    <message>
        <source>Generated samples</source>
        <translation>生成的示例图像</translation>
    </message>
    <message>
        <source>Choosing an activation</source>
        <translation>如何选择激活函数</translation>
    </message>
    <message>
        <source>Why non-linearity?</source>
        <translation>为什么需要非线性？</translation>
    </message>
    <message>
        <source>the file asks to run code ({name})</source>
        <translation>文件要求执行代码（{name}）</translation>
    </message>
    <message>
        <source>{file}: truncated file (not a complete pickle)</source>
        <translation>{file}：文件被截断（不是完整的 pickle）</translation>
    </message>
    <message>
        <source>the file asks for an unexpected array type</source>
        <translation>文件要求了意外的数组类型</translation>
    </message>
    <message>
        <source>the file holds Python objects inside an array</source>
        <translation>文件的数组中含有 Python 对象</translation>
    </message>
    <message>
        <source>uses persistent ids, which CIFAR-10 files never do</source>
        <translation>使用了持久化 ID，而 CIFAR-10 文件从不这样做</translation>
    </message>
    <message>
        <source>{file}: empty file</source>
        <translation>{file}：空文件</translation>
    </message>
    <message>
        <source>{file}: refused to load: {reason}</source>
        <translation>{file}：拒绝加载：{reason}</translation>
    </message>
    <message>
        <source>{file}: damaged file (asks for more memory than there is)</source>
        <translation>{file}：文件已损坏（要求的内存超过可用内存）</translation>
    </message>
    <message>
        <source>{file}: not a pickle file ({detail})</source>
        <translation>{file}：不是 pickle 文件（{detail}）</translation>
    </message>
    <message>
        <source>{file}: not a valid pickle file ({detail})</source>
        <translation>{file}：不是有效的 pickle 文件（{detail}）</translation>
    </message>
    <message>
        <source>the test split</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>the training split</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>{split} is not here ({files} missing)</source>
        <translation>没有{split}（缺少 {files}）</translation>
    </message>
    <message>
        <source>{file}: missing file</source>
        <translation>{file}：文件缺失</translation>
    </message>
    <message>
        <source>checksums differ: {files}</source>
        <translation>校验和不符：{files}</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a pipe</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>{file}: not an ordinary file ({kind}), so it is not read</source>
        <translation>{file}：不是普通文件（{kind}），不予读取</translation>
    </message>
    <message>
        <source>{file}: too large for this kind of file (more than {limit} MB)</source>
        <translation>{file}：对这类文件来说太大（超过 {limit} MB）</translation>
    </message>
    <message>
        <source>{file}: cannot read the file ({detail})</source>
        <translation>{file}：无法读取文件（{detail}）</translation>
    </message>
    <message>
        <source>{file}: not UTF-8 text</source>
        <translation>{file}：不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>{file}: not a CIFAR-10 file (holds a {type}, not a dict)</source>
        <translation>{file}：不是 CIFAR-10 文件（内容是 {type}，不是 dict）</translation>
    </message>
    <message>
        <source>{file}: no &apos;{key}&apos; entry</source>
        <translation>{file}：缺少 &apos;{key}&apos; 项</translation>
    </message>
    <message>
        <source>{file}: &apos;label_names&apos; is not a non-empty list</source>
        <translation>{file}：&apos;label_names&apos; 不是非空列表</translation>
    </message>
    <message>
        <source>{file}: &apos;label_names&apos; holds something other than text</source>
        <translation>{file}：&apos;label_names&apos; 中含有非文本内容</translation>
    </message>
    <message>
        <source>{file}: &apos;labels&apos; is not a list of integers</source>
        <translation>{file}：&apos;labels&apos; 不是整数列表</translation>
    </message>
    <message>
        <source>{file}: &apos;labels&apos; is not a list (a {type})</source>
        <translation>{file}：&apos;labels&apos; 不是列表（而是 {type}）</translation>
    </message>
    <message>
        <source>{file}: &apos;labels&apos; holds values that are not integers</source>
        <translation>{file}：&apos;labels&apos; 中有非整数的值</translation>
    </message>
    <message>
        <source>{file}: &apos;labels&apos; holds an integer too large for a class</source>
        <translation>{file}：&apos;labels&apos; 中有超出类别范围的整数</translation>
    </message>
    <message>
        <source>{file}: &apos;data&apos; is not a numpy array (a {type})</source>
        <translation>{file}：&apos;data&apos; 不是 numpy 数组（而是 {type}）</translation>
    </message>
    <message>
        <source>{file}: &apos;data&apos; has dtype {dtype}, expected uint8</source>
        <translation>{file}：&apos;data&apos; 的数据类型是 {dtype}，应为 uint8</translation>
    </message>
    <message>
        <source>{file}: &apos;data&apos; has shape {shape}, expected (N, {pixels})</source>
        <translation>{file}：&apos;data&apos; 的形状是 {shape}，应为 (N, {pixels})</translation>
    </message>
    <message>
        <source>{file}: holds no images</source>
        <translation>{file}：不含任何图像</translation>
    </message>
    <message>
        <source>{file}: {labels} labels for {images} images</source>
        <translation>{file}：{images} 张图像却有 {labels} 个标签</translation>
    </message>
    <message>
        <source>{file}: label {label} of image {index} is out of range (0–{last})</source>
        <translation>{file}：第 {index} 张图像的标签 {label} 超出范围（0–{last}）</translation>
    </message>
    <message>
        <source>{path}: no CIFAR-10 folder ({dirname}) here</source>
        <translation>{path}：这里没有 CIFAR-10 文件夹（{dirname}）</translation>
    </message>
    <message>
        <source>{archive}: refused archive member &apos;{member}&apos;: {reason}</source>
        <translation>{archive}：拒绝压缩包成员 &apos;{member}&apos;：{reason}</translation>
    </message>
    <message>
        <source>{archive}: damaged archive ({detail})</source>
        <translation>{archive}：压缩包已损坏（{detail}）</translation>
    </message>
    <message>
        <source>{folder}: cannot write here ({detail})</source>
        <translation>{folder}：无法在此写入（{detail}）</translation>
    </message>
    <message>
        <source>it would land outside the target folder</source>
        <translation>它会被解压到目标文件夹之外</translation>
    </message>
    <message>
        <source>links are not allowed</source>
        <translation>不允许链接</translation>
    </message>
    <message>
        <source>not a regular file or folder (a device or pipe?)</source>
        <translation>不是普通文件或文件夹（是设备或管道？）</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>{archive}: not a readable .tar.gz ({detail})</source>
        <translation>{archive}：不是可读取的 .tar.gz（{detail}）</translation>
    </message>
    <message>
        <source>{archive}: no such file</source>
        <translation>{archive}：文件不存在</translation>
    </message>
    <message>
        <source>{archive}: not the official CIFAR-10 archive (MD5 {actual}, expected {expected})</source>
        <translation>{archive}：不是官方的 CIFAR-10 压缩包（MD5 为 {actual}，应为 {expected}）</translation>
    </message>
    <message>
        <source>{archive}: the archive has no {member}</source>
        <translation>{archive}：压缩包中没有 {member}</translation>
    </message>
    <message>
        <source>{host}: could not reach the CIFAR-10 server — offline? ({detail})</source>
        <translation>{host}：无法连接 CIFAR-10 服务器——是否未联网？（{detail}）</translation>
    </message>
    <message>
        <source>{host}: download failed ({detail})</source>
        <translation>{host}：下载失败（{detail}）</translation>
    </message>
    <message>
        <source>{archive}: the download is incomplete or corrupted</source>
        <translation>{archive}：下载不完整或已损坏</translation>
    </message>
    <message>
        <source>{file}: a file, not a folder — import it with File &gt; Import CIFAR-10 archive…</source>
        <translation>{file}：这是文件而不是文件夹——请用 文件 &gt; 导入 CIFAR-10 压缩包… 导入</translation>
    </message>
    <message>
        <source>{file}: a file, not a folder</source>
        <translation>{file}：这是文件而不是文件夹</translation>
    </message>
    <message>
        <source>{path}: no such folder</source>
        <translation>{path}：文件夹不存在</translation>
    </message>
    <message>
        <source>{folder}: no class folders (put the images in one folder per class)</source>
        <translation>{folder}：没有类别文件夹（请把每个类别的图像放在各自的文件夹中）</translation>
    </message>
    <message>
        <source>{folder}: cannot read the folder ({detail})</source>
        <translation>{folder}：无法读取该文件夹（{detail}）</translation>
    </message>
    <message>
        <source>{folder}: more than {limit} files and folders to look through; pick a folder that holds only the class folders</source>
        <translation>{folder}：需要查看的文件和文件夹超过 {limit} 个；请选择只包含各类别文件夹的文件夹</translation>
    </message>
    <message>
        <source>{folder}: no images in the class folders (PNG, JPEG, BMP, …)</source>
        <translation>{folder}：类别文件夹中没有图像（PNG、JPEG、BMP 等）</translation>
    </message>
    <message>
        <source>{width} × {height} pixels, more than {limit} million</source>
        <translation>{width} × {height} 像素，超过 {limit} 百万像素</translation>
    </message>
    <message>
        <source>not in a picture format that can be read</source>
        <translation>不是可读取的图片格式</translation>
    </message>
    <message>
        <source>far more than {limit} million pixels</source>
        <translation>远超 {limit} 百万像素</translation>
    </message>
    <message>
        <source>{file}: unreadable image ({detail})</source>
        <translation>{file}：无法读取的图像（{detail}）</translation>
    </message>
    <message>
        <source>{shown} of {total} images, spread over the classes</source>
        <translation>共 {total} 张图像中的 {shown} 张，均匀分布于各类别</translation>
    </message>
    <message>
        <source>PyTorch default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <source>Kaiming (He) normal</source>
        <translation>Kaiming（He）正态</translation>
    </message>
    <message>
        <source>{file}: refused — {why}</source>
        <translation>{file}：已拒绝 — {why}</translation>
    </message>
    <message>
        <source>cannot read it: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <source>it asks to run code or build objects ({detail}); nothing was run</source>
        <translation>它要求运行代码或构造对象（{detail}）；没有运行任何内容</translation>
    </message>
    <message>
        <source>not a readable weights file (damaged or of another format): {detail}</source>
        <translation>不是可读的权重文件（已损坏或格式不同）：{detail}</translation>
    </message>
    <message>
        <source>not a weights file of this program&apos;s network lab</source>
        <translation>不是本程序网络实验的权重文件</translation>
    </message>
    <message>
        <source>its set-up cannot be read ({detail})</source>
        <translation>无法读取其中的设置（{detail}）</translation>
    </message>
    <message>
        <source>the weights do not match its set-up</source>
        <translation>权重与其设置不符</translation>
    </message>
    <message>
        <source>layer {name} has the wrong shape or values</source>
        <translation>{name} 层的形状或数值不正确</translation>
    </message>
    <message>
        <source>its training state is not valid: {detail}</source>
        <translation>其中的训练状态无效：{detail}</translation>
    </message>
    <message>
        <source>its own activation {formula} is refused: {reason}</source>
        <translation>其中的自定义激活函数 {formula} 被拒绝：{reason}</translation>
    </message>
    <message>
        <source>its own activation {formula} is not one of its contestants</source>
        <translation>其中的自定义激活函数 {formula} 不是它的参赛者之一</translation>
    </message>
    <message>
        <source>its own activations cannot be read ({detail})</source>
        <translation>无法读取其中的自定义激活函数（{detail}）</translation>
    </message>
    <message>
        <source>the formula is too long: {n} characters (at most {limit})</source>
        <translation>公式太长：{n} 个字符（最多 {limit} 个）</translation>
    </message>
    <message>
        <source>the formula is empty</source>
        <translation>公式是空的</translation>
    </message>
    <message>
        <source>&apos;{ch}&apos; at {pos}: write {ascii} (half-width) instead</source>
        <translation>第 {pos} 个字符“{ch}”是全角符号：请改用半角的 {ascii}</translation>
    </message>
    <message>
        <source>&apos;^&apos; at {pos}: write powers as ** (for example x**2)</source>
        <translation>第 {pos} 个字符“^”：乘方请写成 **（例如 x**2）</translation>
    </message>
    <message>
        <source>character {ch} is not allowed in a formula (at {pos})</source>
        <translation>公式中不允许出现字符 {ch}（第 {pos} 个字符）</translation>
    </message>
    <message>
        <source>brackets nested too deeply at {pos} (at most {limit})</source>
        <translation>第 {pos} 个字符处括号嵌套太深（最多 {limit} 层）</translation>
    </message>
    <message>
        <source>unexpected ) at {pos}</source>
        <translation>第 {pos} 个字符处多了一个 )</translation>
    </message>
    <message>
        <source>missing ) at {pos}</source>
        <translation>第 {pos} 个字符处缺少 )</translation>
    </message>
    <message>
        <source>too many signs in a row at {pos}</source>
        <translation>第 {pos} 个字符处连续的正负号太多</translation>
    </message>
    <message>
        <source>names cannot start with _ (&apos;{name}&apos; at {pos})</source>
        <translation>名称不能以 _ 开头（第 {pos} 个字符处的“{name}”）</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; at {pos} is a Python keyword, not part of a formula</source>
        <translation>第 {pos} 个字符处的“{name}”是 Python 关键字，不能用在公式里</translation>
    </message>
    <message>
        <source>the name at {pos} is too long (at most {limit} characters)</source>
        <translation>第 {pos} 个字符处的名称太长（最多 {limit} 个字符）</translation>
    </message>
    <message>
        <source>the name &apos;{name}&apos; at {pos} has unusual letters</source>
        <translation>第 {pos} 个字符处的名称“{name}”含有特殊字母</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; at {pos} is not available here; use {hint}</source>
        <translation>第 {pos} 个字符处的“{name}”不能用；请改用 {hint}</translation>
    </message>
    <message>
        <source>&apos;.&apos; (attribute access)</source>
        <translation>“.”（属性访问）</translation>
    </message>
    <message>
        <source>[ ] (indexing)</source>
        <translation>[ ]（索引）</translation>
    </message>
    <message>
        <source>a list of values</source>
        <translation>一串值</translation>
    </message>
    <message>
        <source>the formula must be text</source>
        <translation>公式必须是文本</translation>
    </message>
    <message>
        <source>the formula is incomplete: something is missing at {pos}</source>
        <translation>公式不完整：第 {pos} 个字符处缺少内容</translation>
    </message>
    <message>
        <source>a number directly followed by a name at {pos}: write * between them (2*x)</source>
        <translation>第 {pos} 个字符处数字后面直接跟着名称：中间请写 *（例如 2*x）</translation>
    </message>
    <message>
        <source>this is not a valid formula (at {pos})</source>
        <translation>这不是有效的公式（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>this is not a valid formula</source>
        <translation>这不是有效的公式</translation>
    </message>
    <message>
        <source>the formula is too complicated (at most {n} parts)</source>
        <translation>公式太复杂（最多 {n} 个组成部分）</translation>
    </message>
    <message>
        <source>the formula is nested too deeply (at most {n} levels)</source>
        <translation>公式嵌套太深（最多 {n} 层）</translation>
    </message>
    <message>
        <source>a comparison at {pos} can only be the condition of where</source>
        <translation>第 {pos} 个字符处的比较只能作为 where 的条件</translation>
    </message>
    <message>
        <source>too many parameters (at most {n})</source>
        <translation>参数太多（最多 {n} 个）</translation>
    </message>
    <message>
        <source>too many powers of powers at {pos}</source>
        <translation>第 {pos} 个字符处乘方套乘方的层数太多</translation>
    </message>
    <message>
        <source>this comparison is not allowed (at {pos})</source>
        <translation>不允许这种比较（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>{what} is not allowed in a formula (at {pos})</source>
        <translation>公式中不允许使用 {what}（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>this is not allowed in a formula (at {pos})</source>
        <translation>公式中不允许这样写（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>imaginary numbers are not allowed (at {pos})</source>
        <translation>不允许使用虚数（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>only numbers and names are allowed (at {pos})</source>
        <translation>只允许数字和名称（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>the number at {pos} is too large (at most {limit:g})</source>
        <translation>第 {pos} 个字符处的数字太大（最大 {limit:g}）</translation>
    </message>
    <message>
        <source>{name} at {pos} is a function: write {name}(…)</source>
        <translation>第 {pos} 个字符处的 {name} 是函数：请写成 {name}(…)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; at {pos} cannot be used as a parameter name</source>
        <translation>第 {pos} 个字符处的“{name}”不能用作参数名</translation>
    </message>
    <message>
        <source>only the listed functions can be called (at {pos})</source>
        <translation>只能调用列出的函数（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos; at {pos}</source>
        <translation>第 {pos} 个字符处的函数“{name}”不存在</translation>
    </message>
    <message>
        <source>{name} at {pos} takes no named arguments</source>
        <translation>第 {pos} 个字符处的 {name} 不接受带名字的参数</translation>
    </message>
    <message>
        <source>* is not allowed in a formula (at {pos})</source>
        <translation>公式中不允许这样使用 *（第 {pos} 个字符处）</translation>
    </message>
    <message>
        <source>{name} at {pos} takes {want} argument(s), not {got}</source>
        <translation>第 {pos} 个字符处的 {name} 需要 {want} 个参数，而不是 {got} 个</translation>
    </message>
    <message>
        <source>the first argument of where (at {pos}) must be a comparison</source>
        <translation>where 的第一个参数（第 {pos} 个字符处）必须是一个比较</translation>
    </message>
    <message>
        <source>the exponent at {pos} is too large (at most {limit:g})</source>
        <translation>第 {pos} 个字符处的指数太大（最大 {limit:g}）</translation>
    </message>
    <message>
        <source>--at needs numbers separated by commas, not &apos;{text}&apos;</source>
        <translation>--at 需要用逗号分隔的数字，而不是“{text}”</translation>
    </message>
    <message>
        <source>--at needs finite numbers</source>
        <translation>--at 需要有限的数字</translation>
    </message>
    <message>
        <source>--at needs between 1 and 1000 numbers</source>
        <translation>--at 需要 1 到 1000 个数字</translation>
    </message>
    <message>
        <source>torch cannot evaluate it: {error}</source>
        <translation>torch 无法计算它：{error}</translation>
    </message>
    <message>
        <source>--eval-formula needs --at X1,X2,…</source>
        <translation>--eval-formula 需要 --at X1,X2,…</translation>
    </message>
    <message>
        <source>Your own activation: a small nn.Module whose forward runs the formula with torch operations, so autograd gives its derivative. Every name other than x, pi, e and the functions is a parameter.</source>
        <translation>自定义激活函数：一个小的 nn.Module，它的 forward 用 torch 运算计算这个公式，所以 autograd 能求出它的导数。除 x、pi、e 和函数名以外的每个名称都是参数。</translation>
    </message>
    <message>
        <source>a slider range must be two numbers</source>
        <translation>滑块范围必须是两个数字</translation>
    </message>
    <message>
        <source>a slider range must stay within ±{limit:g}</source>
        <translation>滑块范围必须在 ±{limit:g} 以内</translation>
    </message>
    <message>
        <source>the slider minimum must be smaller than its maximum (now {lo:g} and {hi:g})</source>
        <translation>滑块的最小值必须小于最大值（现在是 {lo:g} 和 {hi:g}）</translation>
    </message>
    <message>
        <source>Add a lesson step</source>
        <translation>添加课程步骤</translation>
    </message>
    <message>
        <source>What to show or ask at this step (optional)</source>
        <translation>这一步要展示或提问的内容（可选）</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>The lesson was not opened: {0}</source>
        <translation>未打开该课程：{0}</translation>
    </message>
    <message>
        <source>Lesson {0}: {1} steps</source>
        <translation>课程 {0}：共 {1} 步</translation>
    </message>
    <message>
        <source>My lesson</source>
        <translation>我的课程</translation>
    </message>
    <message>
        <source>Step {0} added; File → Save lesson… keeps it.</source>
        <translation>已添加第 {0} 步；用 文件 → 保存课程… 保存下来。</translation>
    </message>
    <message>
        <source>The lesson was not saved: {0}</source>
        <translation>未保存该课程：{0}</translation>
    </message>
    <message>
        <source>Lesson saved to {0}</source>
        <translation>课程已保存到 {0}</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Save the lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>Step {0} / {1}</source>
        <translation>第 {0} / {1} 步</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Previous step (Page Up, ←)</source>
        <translation>上一步（上翻页键、←）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Next step (Page Down, →)</source>
        <translation>下一步（下翻页键、→）</translation>
    </message>
    <message>
        <source>Close the lesson</source>
        <translation>关闭课程</translation>
    </message>
    <message>
        <source>Go to a step</source>
        <translation>跳到某一步</translation>
    </message>
    <message>
        <source>Unsaved lesson</source>
        <translation>课程未保存</translation>
    </message>
    <message>
        <source>The lesson has {0} steps that are not saved. Save them?</source>
        <translation>课程中有 {0} 步还没有保存。要保存吗？</translation>
    </message>
    <message>
        <source>Activation Lab lesson (*.json)</source>
        <translation>激活函数实验室课程 (*.json)</translation>
    </message>
    <message>
        <source>After torch.sigmoid: sigmoid saved its output for backward(), the in-place module overwrites it</source>
        <translation>接在 torch.sigmoid 后面：sigmoid 为 backward() 保存了自己的输出，原地运算的模块却把它覆盖了</translation>
    </message>
    <message>
        <source>On a leaf tensor that requires grad</source>
        <translation>作用于需要梯度的叶子张量</translation>
    </message>
    <message>
        <source>After a convolution (the common safe case: its backward does not need its output)</source>
        <translation>接在卷积后面（常见的安全用法：卷积的反向传播不需要它自己的输出）</translation>
    </message>
    <message>
        <source>the {panel} panel has no code to show; choose one of: {panels}</source>
        <translation>{panel} 面板没有可显示的代码；请从这些中选择：{panels}</translation>
    </message>
    <message>
        <source>wrote the {panel} code to {path}</source>
        <translation>已把 {panel} 的代码写入 {path}</translation>
    </message>
    <message>
        <source>Swish with β</source>
        <translation>带 β 的 Swish</translation>
    </message>
    <message>
        <source>ELU with α</source>
        <translation>带 α 的 ELU</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>Mish</source>
        <translation>Mish</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>Step (no gradient)</source>
        <translation>阶跃函数（没有梯度）</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>高斯函数</translation>
    </message>
    <message>
        <source>Own activation</source>
        <translation>自定义激活函数</translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>示例：</translation>
    </message>
    <message>
        <source>f(x) =</source>
        <translation>f(x) =</translation>
    </message>
    <message>
        <source>Parameters (each starts at 1):</source>
        <translation>参数（初始值都是 1）：</translation>
    </message>
    <message>
        <source>✓ A valid formula. Parameters: {0}</source>
        <translation>✓ 公式有效。参数：{0}</translation>
    </message>
    <message>
        <source>✓ A valid formula, without parameters.</source>
        <translation>✓ 公式有效，没有参数。</translation>
    </message>
    <message>
        <source>Type a formula in x, or pick an example.</source>
        <translation>请输入一个关于 x 的公式，或选择一个示例。</translation>
    </message>
    <message>
        <source>The slider minimum of {0} must be smaller than its maximum.</source>
        <translation>{0} 的滑块最小值必须小于最大值。</translation>
    </message>
    <message>
        <source>(choose an example)</source>
        <translation>（选择一个示例）</translation>
    </message>
    <message>
        <source>Write f(x) with + − * / ** and these functions: {0}. Constants: pi, e. Comparisons (&lt;, &lt;=, &gt;, &gt;=, ==, !=) only as the condition of where(cond, a, b). Every other name is a parameter with a slider. The formula becomes a small nn.Module of torch operations, so autograd gives f′(x).</source>
        <translation>用 + − * / ** 和这些函数写出 f(x)：{0}。常数：pi、e。比较运算（&lt;、&lt;=、&gt;、&gt;=、==、!=）只能作为 where(cond, a, b) 的条件。其他名称都是参数，各有一个滑块。公式会变成一个由 torch 运算组成的小 nn.Module，所以 autograd 能求出 f′(x)。</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Slider minimum</source>
        <translation>滑块最小值</translation>
    </message>
    <message>
        <source>Slider maximum</source>
        <translation>滑块最大值</translation>
    </message>
    <message>
        <source>an unexpected error stopped this computation (details in the terminal)</source>
        <translation>计算因意外错误而中止（详情见终端输出）</translation>
    </message>
    <message>
        <source>not enough memory for this computation</source>
        <translation>内存不足，无法完成此计算</translation>
    </message>
    <message>
        <source>cannot use the file {0}</source>
        <translation>无法使用文件 {0}</translation>
    </message>
    <message>
        <source>Swish as the lesson writes it: x * sigmoid(beta * x) (beta = 1 is nn.SiLU).</source>
        <translation>课程里写的 Swish：x * sigmoid(beta * x)（beta = 1 时就是 nn.SiLU）。</translation>
    </message>
    <message>
        <source>f does not change smoothly with x: keep x in the graph so that autograd gives f&apos;(x) = 0 instead of an error (NaN inputs stay NaN).</source>
        <translation>f 不随 x 平滑变化：把 x 留在计算图里，这样 autograd 给出 f&apos;(x) = 0 而不是报错（输入为 NaN 时结果仍是 NaN）。</translation>
    </message>
    <message>
        <source>Your own activation: f(x) = {formula}</source>
        <translation>你自己的激活函数：f(x) = {formula}</translation>
    </message>
    <message>
        <source>Generated by Activation Lab; run it with: python THIS_FILE</source>
        <translation>由激活函数实验室生成；运行方法：python 本文件名</translation>
    </message>
    <message>
        <source>Activation Lab — Explorer: f(x) and f&apos;(x) of {names}.</source>
        <translation>激活函数实验室 —— 函数浏览：{names} 的 f(x) 与 f&apos;(x)。</translation>
    </message>
    <message>
        <source>f&apos;(x) comes from autograd on the real modules, in float64 as the program computes its curves.</source>
        <translation>f&apos;(x) 由 autograd 在真实的模块上求得，和程序画曲线时一样使用 float64。</translation>
    </message>
    <message>
        <source>The activations on screen, with their current parameters.</source>
        <translation>屏幕上的激活函数，使用当前的参数。</translation>
    </message>
    <message>
        <source>Softmax-type modules act on a whole vector: x is component 0 of the input, the other logits stay fixed, and the curve is component 0 of the output.</source>
        <translation>Softmax 一类的模块作用于整个向量：x 是输入的第 0 个分量，其余 logit 保持不变，曲线是输出的第 0 个分量。</translation>
    </message>
    <message>
        <source>float64, as the explorer computes</source>
        <translation>float64，与函数浏览的计算相同</translation>
    </message>
    <message>
        <source>Each output depends only on its own x, so the gradient of the sum is f&apos;(x) at every point.</source>
        <translation>每个输出只依赖于它自己的 x，所以对总和求梯度，得到的就是每一点的 f&apos;(x)。</translation>
    </message>
    <message>
        <source>ToTensor(): pixels in [0, 1], as in the lesson</source>
        <translation>ToTensor()：像素在 [0, 1] 内，与课程相同</translation>
    </message>
    <message>
        <source>ToTensor() then Normalize(0.5, 0.5): pixels in [-1, 1]</source>
        <translation>ToTensor() 再 Normalize(0.5, 0.5)：像素在 [-1, 1] 内</translation>
    </message>
    <message>
        <source>ToTensor() then Normalize with CIFAR-10&apos;s mean and std</source>
        <translation>ToTensor() 再用 CIFAR-10 的均值和标准差做 Normalize</translation>
    </message>
    <message>
        <source>Activation Lab — Images: CIFAR-10 through {name}, as in the lesson.</source>
        <translation>激活函数实验室 —— 图像：CIFAR-10 经过 {name}，与课程相同。</translation>
    </message>
    <message>
        <source>Scaling: {scaling}. Prints the range of values before and after the activation, per channel, and logs the images to TensorBoard with add_images (if it is installed).</source>
        <translation>缩放：{scaling}。按通道打印激活前后数值的范围，并用 add_images 把图像记录到 TensorBoard（如果已安装）。</translation>
    </message>
    <message>
        <source>The program showed its own sample images: point ROOT at the folder holding cifar-10-batches-py, or let torchvision download CIFAR-10 (needs the internet).</source>
        <translation>程序显示的是它自带的示例图像：请把 ROOT 指向包含 cifar-10-batches-py 的文件夹，或让 torchvision 下载 CIFAR-10（需要联网）。</translation>
    </message>
    <message>
        <source>The folder holding cifar-10-batches-py (the one the program read).</source>
        <translation>包含 cifar-10-batches-py 的文件夹（程序读取的那个）。</translation>
    </message>
    <message>
        <source>The &quot;{pre}&quot; stage: one fixed 3x3 kernel applied to each channel on its own (groups=3), with reflect padding so the border is not an edge against black.</source>
        <translation>“{pre}”预处理：一个固定的 3x3 卷积核分别作用于每个通道（groups=3），用反射填充，这样图像边框不会和黑色形成边缘。</translation>
    </message>
    <message>
        <source>no stage before the activation, as in the lesson</source>
        <translation>激活之前没有预处理，与课程相同</translation>
    </message>
    <message>
        <source>Per channel (red, green, blue): the smallest and largest value seen.</source>
        <translation>每个通道（红、绿、蓝）：见到的最小值和最大值。</translation>
    </message>
    <message>
        <source>what the activation receives</source>
        <translation>激活函数收到的输入</translation>
    </message>
    <message>
        <source>Activation Lab — XOR lab: the same MLP with {name} and without an activation.</source>
        <translation>激活函数实验室 —— XOR 实验：同一个多层感知机，一个用 {name}，一个不用激活函数。</translation>
    </message>
    <message>
        <source>Without an activation the layers collapse into one linear map, whose boundary is a straight line: it cannot separate XOR.</source>
        <translation>没有激活函数时，各层会合并成一个线性映射，它的决策边界是一条直线：无法分开 XOR。</translation>
    </message>
    <message>
        <source>hidden units per layer</source>
        <translation>每个隐藏层的单元数</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>full-batch optimizer steps taken in the panel</source>
        <translation>面板中已经走过的全批量优化步数</translation>
    </message>
    <message>
        <source>as the program trains its labs</source>
        <translation>与程序训练实验时相同</translation>
    </message>
    <message>
        <source>the inner disc is class 1</source>
        <translation>内圈是类别 1</translation>
    </message>
    <message>
        <source>nn.Linear with its default init U(±1/sqrt(fan_in)), drawn from gen.</source>
        <translation>使用默认初始化 U(±1/sqrt(fan_in)) 的 nn.Linear，随机数取自 gen。</translation>
    </message>
    <message>
        <source>2 -&gt; [Linear(WIDTH) + activation] x DEPTH -&gt; Linear(1): one logit per point.</source>
        <translation>2 -&gt; [Linear(WIDTH) + 激活函数] x DEPTH -&gt; Linear(1)：每个点一个 logit。</translation>
    </message>
    <message>
        <source>same seed: same start for both nets</source>
        <translation>同一个种子：两个网络的起点相同</translation>
    </message>
    <message>
        <source>the teacher changed the rate here</source>
        <translation>老师在这一步改了学习率</translation>
    </message>
    <message>
        <source>Without activations the whole net is one affine map: logit = W_total x + b_total.</source>
        <translation>没有激活函数时，整个网络就是一个仿射映射：logit = W_total x + b_total。</translation>
    </message>
    <message>
        <source>The learning rate was changed during training: first step → rate.</source>
        <translation>训练中改过学习率：起始步 → 学习率。</translation>
    </message>
    <message>
        <source>nn.Linear&apos;s default init</source>
        <translation>nn.Linear 的默认初始化</translation>
    </message>
    <message>
        <source>Activation Lab — Gradients through depth: how much gradient reaches each layer.</source>
        <translation>激活函数实验室 —— 梯度穿过深度：每一层能收到多少梯度。</translation>
    </message>
    <message>
        <source>LAYERS x (Linear + activation) on random inputs, the same weights for every activation; the loss sum(r * h_N) / BATCH sends the same gradient into the top.</source>
        <translation>LAYERS 个（Linear + 激活函数）作用于随机输入，每种激活函数用同样的权重；损失 sum(r * h_N) / BATCH 从顶层送入同样的梯度。</translation>
    </message>
    <message>
        <source>as the program runs its labs</source>
        <translation>与程序运行实验时相同</translation>
    </message>
    <message>
        <source>One independent stack per seed, all drawn from one generator.</source>
        <translation>每个种子一组独立的网络层，全部取自同一个随机数生成器。</translation>
    </message>
    <message>
        <source>h @ w.T + b, per seed</source>
        <translation>h @ w.T + b，每个种子分别计算</translation>
    </message>
    <message>
        <source>Frobenius norm per layer and seed (in float64: tiny gradients underflow float32), then the mean over the seeds.</source>
        <translation>每层、每个种子的 Frobenius 范数（用 float64：极小的梯度在 float32 中会下溢），再对种子取平均。</translation>
    </message>
    <message>
        <source>Activation Lab — Softmax lab: probabilities from logits, and why the maximum is subtracted before exponentiating.</source>
        <translation>激活函数实验室 —— Softmax 实验：由 logit 得到概率，以及为什么取指数之前要先减去最大值。</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>added to every logit in the overflow experiment</source>
        <translation>溢出实验中加到每个 logit 上的数</translation>
    </message>
    <message>
        <source>two classes: Softmax is Sigmoid of the difference</source>
        <translation>两个类别时：Softmax 就是差值的 Sigmoid</translation>
    </message>
    <message>
        <source>In float32, as a network computes: the textbook formula against the stable one.</source>
        <translation>用 float32，与网络的计算相同：教科书公式对比数值稳定的写法。</translation>
    </message>
    <message>
        <source>Activation Lab — Network lab: activations race on the same CNN and the same batches.</source>
        <translation>激活函数实验室 —— 网络实验：各激活函数在同一个 CNN、同样的批次上比赛。</translation>
    </message>
    <message>
        <source>Point ROOT at the folder holding cifar-10-batches-py, or let torchvision download CIFAR-10 (needs the internet).</source>
        <translation>请把 ROOT 指向包含 cifar-10-batches-py 的文件夹，或让 torchvision 下载 CIFAR-10（需要联网）。</translation>
    </message>
    <message>
        <source>The folder holding cifar-10-batches-py.</source>
        <translation>包含 cifar-10-batches-py 的文件夹。</translation>
    </message>
    <message>
        <source>The lab&apos;s fixed split of a source without a test split: 80 % to train on, 20 % to test on (the program&apos;s own code).</source>
        <translation>没有测试集的数据源按实验的固定方式划分：80 % 用于训练，20 % 用于测试（程序自己的代码）。</translation>
    </message>
    <message>
        <source>images of each kind</source>
        <translation>每一类的图像数</translation>
    </message>
    <message>
        <source>The lab trains on the program&apos;s built-in sample images. They are generated here by the program&apos;s own generator (engine/sample_pixels.py, without its comments), so they are exactly the lab&apos;s images: one kind of picture per class (colour ramp, stripes, checkerboard, disc, rings, noise, dark, bright).</source>
        <translation>实验用的是程序内置的示例图像。这里用程序自己的生成代码（engine/sample_pixels.py，去掉了注释）生成它们，所以与实验中的图像完全相同：每一类是一种图案（颜色渐变、条纹、棋盘格、圆盘、圆环、噪声、暗、亮）。</translation>
    </message>
    <message>
        <source>Point FOLDER at your image folder (one sub-folder per class).</source>
        <translation>把 FOLDER 设为你的图像文件夹（每个类别一个子文件夹）。</translation>
    </message>
    <message>
        <source>The image folder the lab trains on (one sub-folder per class).</source>
        <translation>实验训练所用的图像文件夹（每个类别一个子文件夹）。</translation>
    </message>
    <message>
        <source>each image becomes SIZE x SIZE pixels</source>
        <translation>每张图像变成 SIZE x SIZE 像素</translation>
    </message>
    <message>
        <source>at most this many, spread over the classes</source>
        <translation>最多这么多张，均匀分布在各类别中</translation>
    </message>
    <message>
        <source>How the program makes a file into the lab&apos;s pixels (its own code): decode small where the format allows, shrink by a whole factor, then resize the shorter side to SIZE and crop the centre.</source>
        <translation>程序把一个文件变成实验像素的做法（程序自己的代码）：格式允许时以较小尺寸解码，按整数倍缩小，再把短边缩放到 SIZE 并裁取中心。</translation>
    </message>
    <message>
        <source>The lab&apos;s order: by class, then by path. It does not follow links to folders, ImageFolder does: keep links out of the folder.</source>
        <translation>实验的顺序：先按类别，再按路径。实验不跟随指向文件夹的链接，而 ImageFolder 会跟随：文件夹中请不要放链接。</translation>
    </message>
    <message>
        <source>Optimizer: {optimizer}, lr {lr:g}, batch size {batch}, init {init}, seed {seed}. {images} training images, {epochs} epoch(s), {extra} extra conv layer(s) 32-&gt;32. Prints, per epoch and activation, the mean training loss and the accuracy on the whole test split, as `main.py --race` prints them; and what the lab draws between: each layer&apos;s gradient norm at every step, and every EVAL_EVERY batches the accuracy, loss and share of dead units on the test subset.</source>
        <translation>优化器：{optimizer}，学习率 {lr:g}，批大小 {batch}，初始化 {init}，种子 {seed}。{images} 张训练图像，{epochs} 轮，另加 {extra} 个 32-&gt;32 卷积层。每一轮、每种激活函数打印平均训练损失和在整个测试集上的准确率，格式与 `main.py --race` 相同；还打印实验在两轮之间画出的内容：每一步每层的梯度范数，以及每 EVAL_EVERY 批在测试子集上的准确率、损失和死亡单元比例。</translation>
    </message>
    <message>
        <source>training batches between two checks on the test subset</source>
        <translation>两次在测试子集上检查之间的训练批数</translation>
    </message>
    <message>
        <source>images in that subset</source>
        <translation>测试子集中的图像数</translation>
    </message>
    <message>
        <source>Each activation as a constructor: every hidden layer gets its own module (a learnable activation such as PReLU learns one slope per layer).</source>
        <translation>每种激活函数写成一个构造函数：每个隐藏层有自己的模块（PReLU 这类可学习的激活函数每层学习自己的斜率）。</translation>
    </message>
    <message>
        <source>conv 3-&gt;16 -&gt; f -&gt; pool -&gt; conv 16-&gt;32 -&gt; f -&gt; pool -&gt; [conv 32-&gt;32 -&gt; f] -&gt; linear 2048-&gt;64 -&gt; f -&gt; linear 64-&gt;N_CLASSES.</source>
        <translation>卷积 3-&gt;16 -&gt; f -&gt; 池化 -&gt; 卷积 16-&gt;32 -&gt; f -&gt; 池化 -&gt; [卷积 32-&gt;32 -&gt; f] -&gt; 全连接 2048-&gt;64 -&gt; f -&gt; 全连接 64-&gt;N_CLASSES。</translation>
    </message>
    <message>
        <source>uint8 images as (N, 3, 32, 32) and their labels, as the lab keeps them.</source>
        <translation>(N, 3, 32, 32) 的 uint8 图像及其标签，与实验中保存的一样。</translation>
    </message>
    <message>
        <source>uint8 -&gt; float in [-1, 1]: (x / 255 - 0.5) / 0.5, computed as x / 127.5 - 1.</source>
        <translation>uint8 -&gt; [-1, 1] 内的浮点数：(x / 255 - 0.5) / 0.5，按 x / 127.5 - 1 计算。</translation>
    </message>
    <message>
        <source>32x32 -&gt; 16x16 -&gt; 8x8; extra convs work at 8x8</source>
        <translation>32x32 -&gt; 16x16 -&gt; 8x8；额外的卷积层在 8x8 上工作</translation>
    </message>
    <message>
        <source>The conv/linear weights every contestant starts from (drawn once).</source>
        <translation>每个参赛者起步时的卷积层和全连接层权重（只抽取一次）。</translation>
    </message>
    <message>
        <source>PyTorch&apos;s own initialisation, drawn again</source>
        <translation>PyTorch 自己的初始化，重新抽取</translation>
    </message>
    <message>
        <source>outputs of the last layer</source>
        <translation>最后一层的输出个数</translation>
    </message>
    <message>
        <source>Same conv/linear weights for all; an activation&apos;s own parameters keep theirs.</source>
        <translation>所有参赛者的卷积层和全连接层权重相同；激活函数自己的参数保持各自的值。</translation>
    </message>
    <message>
        <source>the order of the training images</source>
        <translation>训练图像的顺序</translation>
    </message>
    <message>
        <source>random activations (RReLU) draw from the global generator</source>
        <translation>随机激活函数（RReLU）从全局随机数生成器取数</translation>
    </message>
    <message>
        <source>evenly spread over the test split</source>
        <translation>在测试集中均匀分布</translation>
    </message>
    <message>
        <source>Accuracy, mean loss, and per hidden layer the share of dead units: units (a conv layer&apos;s channels, fc1&apos;s neurons) whose output is 0 for every image.</source>
        <translation>准确率、平均损失，以及每个隐藏层中死亡单元的比例：对每张图像输出都为 0 的单元（卷积层的通道、fc1 的神经元）。</translation>
    </message>
    <message>
        <source>NaN is not 0: alive</source>
        <translation>NaN 不是 0：算作活着</translation>
    </message>
    <message>
        <source>The weighted layers, named as the lab&apos;s curves name them.</source>
        <translation>带权重的各层，名称与实验曲线中的相同。</translation>
    </message>
    <message>
        <source>One batch per contestant in turn: each sees exactly the same images.</source>
        <translation>参赛者轮流各训练一批：每个都看到完全相同的图像。</translation>
    </message>
    <message>
        <source>The gradient this batch produced in each layer, before the step: what the lab&apos;s gradient curves show.</source>
        <translation>这一批在每层产生的梯度（在优化步之前）：就是实验中梯度曲线显示的内容。</translation>
    </message>
    <message>
        <source>The saved race was trained on {saved} images, these are {here}: its weights start a new race.</source>
        <translation>保存的比赛用 {saved} 张图像训练，这里有 {here} 张：用它的权重开始一场新比赛。</translation>
    </message>
    <message>
        <source>this copy of the program lacks its own source ({module})</source>
        <translation>此程序副本缺少它自己的源代码（{module}）</translation>
    </message>
</context>
</TS>
